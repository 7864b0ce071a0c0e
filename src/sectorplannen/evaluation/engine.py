"""Where the relational part of the evaluation runs: embedded DuckDB or Apache Spark (ADR 016, 023).

The input checks (formats.md §4, §5, §8: `engine_checks`), the outcome pipeline (§6:
`engine_outcomes`) and the net-effects panel (§8: `engine_effects`) are written once, as Ibis
expressions; an `Engine` reads the staged input files, runs the expressions and collects the small
aggregates they produce as Arrow tables. Everything after that (disclosure control, the cells of
every dimension, the estimate's matrix algebra, the files) runs on the collected aggregates in this
process, the same code for both engines.

Ibis compiles each expression to the engine's SQL dialect (SQLGlot underneath); it runs on the
engine's own connection:

- `duckdb` (default): in process, over the staged Parquet files; large steps are stored as Parquet
  in the staging directory, so that memory stays bounded (with `memory_limit` and
  `temp_directory` DuckDB spills the rest to disk).
- `spark`: through `SparkSession.sql`, over the same staged files (a temporary directory, or
  `SECTORPLANNEN_SPARK_STAGING` on storage that every executor can read). The session is the
  active one, the one `spark-submit` configures, a Spark Connect session when `SPARK_REMOTE` is
  set, or else a local session with settings for a small machine.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import duckdb
import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from .extract_files import InputError

ENGINES = ("duckdb", "spark")

#: Settings of the local session (`--engine spark` without a cluster): a small shared machine.
LOCAL_SPARK_CONF = {
    "spark.master": "local[2]",
    "spark.driver.memory": "3g",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "2",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "false",
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}
#: Settings the evaluation needs on any cluster (dates as dates, SQL semantics as in DuckDB).
REQUIRED_SPARK_CONF = {"spark.sql.session.timeZone": "UTC", "spark.sql.ansi.enabled": "false"}


class Engine:
    """The inputs as Ibis tables, and running an expression to an Arrow table (DuckDB, embedded).

    Expressions are compiled to the engine's SQL dialect by Ibis (SQLGlot underneath) and run on
    the engine's own connection, so no engine-specific code is written by hand. Large steps are
    stored as Parquet in the engine's staging directory (removed by `close`), small ones as
    temporary tables."""

    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection, staging: str | None = None):
        self.con = con
        self._staging = tempfile.TemporaryDirectory(prefix="evaluation-", dir=staging)
        self.staging = Path(self._staging.name)
        self._tables: dict[str, ibis.Table] = {}
        self._names: list[str] = []  # registered Arrow tables / views
        self._temp: list[str] = []  # materialised steps

    def _schema(self, name: str) -> ibis.Schema:
        return ibis.Schema.from_pyarrow(self.con.sql(f"SELECT * FROM {name} LIMIT 0").to_arrow_table().schema)

    def table(self, name: str) -> ibis.Table:
        """An input table by name (`participants`, `jobs`, ...): one that `define` named, or else a
        table of the DuckDB connection."""
        if name not in self._tables:
            self._tables[name] = ibis.table(self._schema(name), name=name)
        return self._tables[name]

    def has(self, name: str) -> bool:
        return name in self._tables

    def read_parquet(self, path: Path) -> ibis.Table:
        """A staged Parquet file as a table (read when an expression needs it)."""
        view = f"eval_file_{uuid.uuid4().hex[:8]}"
        self.con.execute(f"CREATE TEMP VIEW {view} AS SELECT * FROM read_parquet({_quoted(path)})")
        self._names.append(view)
        return ibis.table(self._schema(view), name=view)

    def define(self, name: str, expr: ibis.Table) -> ibis.Table:
        """`expr` under a name the pipeline reads (`engine.table(name)`), as a view of the engine."""
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {self.sql(expr)}")
        self._names.append(name)
        self._tables[name] = ibis.table(expr.schema(), name=name)
        return self._tables[name]

    def store(self, expr: ibis.Table) -> ibis.Table:
        """Compute a large table once, streamed to Parquet in the staging directory."""
        path = self.staging / f"step_{uuid.uuid4().hex[:8]}.parquet"
        self.con.sql(self.sql(expr)).write_parquet(path.as_posix())
        return self.read_parquet(path)

    def small_table(self, data: pa.Table) -> ibis.Table:
        """A small table made here (the measurement dates) as a table of the engine."""
        name = f"eval_small_{uuid.uuid4().hex[:8]}"
        self.con.register(name, data)
        self._names.append(name)
        return ibis.table(ibis.Schema.from_pyarrow(data.schema), name=name)

    def sql(self, expr: ibis.Expr) -> str:
        return ibis.to_sql(expr, dialect=self.dialect)

    def materialize(self, expr: ibis.Table) -> ibis.Table:
        """Compute an intermediate table once (it is read by several later steps)."""
        name = f"eval_step_{uuid.uuid4().hex[:8]}"
        self.con.execute(f"CREATE TEMP TABLE {name} AS {self.sql(expr)}")
        self._temp.append(name)
        return ibis.table(expr.schema(), name=name)

    def collect(self, expr: ibis.Expr) -> pa.Table:
        return self.con.sql(self.sql(expr)).to_arrow_table()

    def insert(self, table: str, expr: ibis.Table) -> None:
        """Append the rows of `expr` to the table `table` of the DuckDB connection (column by column)."""
        self.con.execute(f"INSERT INTO {table} {self.sql(expr)}")

    def close(self) -> None:
        for name in reversed(self._names):
            self.con.execute(f"DROP VIEW IF EXISTS {name}")
            self.con.unregister(name)
        for name in self._temp:
            self.con.execute(f"DROP TABLE IF EXISTS {name}")
        self._names.clear()
        self._temp.clear()
        self._tables.clear()
        self._staging.cleanup()


class SparkEngine(Engine):
    """The same expressions on Spark; the staged files are read by Spark (storage every executor
    can read on a cluster: `SECTORPLANNEN_SPARK_STAGING`)."""

    name = "spark"
    dialect = "pyspark"

    def __init__(self, con: duckdb.DuckDBPyConnection, session=None, staging: str | None = None):
        self.session = session or _started_session()
        super().__init__(con, staging or os.environ.get("SECTORPLANNEN_SPARK_STAGING"))
        from ibis.backends.pyspark import Backend

        Backend.register_options()  # the options that the PySpark SQL compiler reads
        self._cached: list = []

    def table(self, name: str) -> ibis.Table:
        return self._tables[name]

    def _view(self, frame, schema: ibis.Schema) -> ibis.Table:
        view = f"eval_view_{uuid.uuid4().hex[:8]}"
        frame.createOrReplaceTempView(view)
        self._names.append(view)
        return ibis.table(schema, name=view)

    def read_parquet(self, path: Path) -> ibis.Table:
        return self._view(self.session.read.parquet(path.as_posix()),
                          ibis.Schema.from_pyarrow(pq.read_schema(path)))

    def define(self, name: str, expr: ibis.Table) -> ibis.Table:
        self._tables[name] = self._view(self.session.sql(self.sql(expr)), expr.schema())
        return self._tables[name]

    def store(self, expr: ibis.Table) -> ibis.Table:
        path = self.staging / f"step_{uuid.uuid4().hex[:8]}"
        self.session.sql(self.sql(expr)).write.parquet(path.as_posix())
        return self._view(self.session.read.parquet(path.as_posix()), expr.schema())

    def small_table(self, data: pa.Table) -> ibis.Table:
        frame = self.session.createDataFrame(data.to_pylist(), schema=_spark_ddl(data.schema))
        return self._view(frame, ibis.Schema.from_pyarrow(data.schema))

    def collect(self, expr: ibis.Expr) -> pa.Table:
        return self.session.sql(self.sql(expr)).toArrow()

    def insert(self, table: str, expr: ibis.Table) -> None:
        """Spark writes the rows to the staging directory (one job); DuckDB reads them from there in a
        stream (the driver never holds them all)."""
        path = self.staging / f"rows_{uuid.uuid4().hex[:8]}"
        self.session.sql(self.sql(expr)).write.parquet(path.as_posix())
        if any(path.glob("*.parquet")):  # Spark writes at least one file, with the schema, for no rows
            self.con.execute(f"INSERT INTO {table} SELECT * FROM read_parquet({_quoted(path / '*.parquet')})")

    def materialize(self, expr: ibis.Table) -> ibis.Table:
        from pyspark import StorageLevel

        frame = self.session.sql(self.sql(expr)).persist(StorageLevel.MEMORY_AND_DISK)
        self._cached.append(frame)
        return self._view(frame, expr.schema())

    def close(self) -> None:
        """Drop the views and the staged files (the session stays: it is shared, see `spark_session`)."""
        for frame in self._cached:
            frame.unpersist()
        for name in self._names:
            self.session.catalog.dropTempView(name)
        self._names.clear()
        self._cached.clear()
        self._tables.clear()
        self._staging.cleanup()


def _quoted(path: Path) -> str:
    return "'" + path.as_posix().replace("'", "''") + "'"


def _spark_ddl(schema: pa.Schema) -> str:
    types = {pa.date32(): "DATE", pa.int64(): "BIGINT", pa.int32(): "INT", pa.string(): "STRING"}
    return ", ".join(f"{f.name} {types[f.type]}" for f in schema)


def spark_session():
    """The active Spark session, a Spark Connect session (`SPARK_REMOTE`), or a small local one.

    Under `spark-submit` (or in a notebook of the data platform) the cluster's session is used as it
    is configured, plus the two settings the evaluation needs (REQUIRED_SPARK_CONF)."""
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is None:
        builder = SparkSession.builder.appName("sectorplannen-evaluation")
        if os.environ.get("SPARK_REMOTE"):
            builder = builder.remote(os.environ["SPARK_REMOTE"])
        elif not os.environ.get("PYSPARK_GATEWAY_PORT"):  # not under spark-submit: a small local session
            for key, value in LOCAL_SPARK_CONF.items():
                builder = builder.config(key, value)
        session = builder.getOrCreate()
        if not os.environ.get("SPARK_REMOTE"):
            session.sparkContext.setLogLevel("ERROR")
    for key, value in REQUIRED_SPARK_CONF.items():
        session.conf.set(key, value)
    return session


def _started_session():
    """`spark_session()`, or InputError (exit 2, a message instead of a traceback) when Spark is not usable here."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise InputError("--engine spark heeft PySpark nodig: pip install 'sectorplannen[spark]' "
                         "(en Java 17 voor Spark op deze machine)") from None
    try:
        return spark_session()
    except Exception as exc:  # noqa: BLE001 - no Java, no cluster reachable: said, not raised as a traceback
        raise InputError(f"Spark kon niet starten ({type(exc).__name__}): {str(exc).splitlines()[0][:300]}") from None


def open_engine(name: str, con: duckdb.DuckDBPyConnection) -> Engine:
    """The engine called `name`; its small results and the rejection records go to `con`."""
    if name == "duckdb":
        return Engine(con)
    if name == "spark":
        return SparkEngine(con)
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")


def add_engine_arguments(parser) -> None:
    """The options of `evaluate` and `effects` that say where and with what the register is read."""
    parser.add_argument("--engine", choices=ENGINES, default="duckdb",
                        help="waar het register wordt gelezen: duckdb (ingebouwd, standaard) of spark "
                             "(PySpark; lokaal of het cluster van spark-submit, zie docs/evaluation.md)")
    parser.add_argument("--threads", type=int, default=None, help="aantal DuckDB-threads (standaard: alle)")
    parser.add_argument("--memory-limit", default=None, dest="memory_limit",
                        help="geheugengrens van DuckDB, bijvoorbeeld 8GB (daarboven schrijft DuckDB naar schijf)")
    parser.add_argument("--temp-directory", default=None, dest="temp_directory",
                        help="map waarin DuckDB boven de geheugengrens tussenresultaten schrijft")


def engine_options(options: dict) -> dict:
    """The keyword arguments of `run_evaluation` / `run_effects` from the options of `add_engine_arguments`."""
    return {key: options[key] for key in ("engine", "threads", "memory_limit", "temp_directory")}


def duckdb_connection(threads: int | None = None, memory_limit: str | None = None,
                      temp_directory: str | None = None) -> duckdb.DuckDBPyConnection:
    """The embedded connection of a run: DuckDB's engine, or the small results of Spark's."""
    config = {k: v for k, v in (("threads", threads), ("memory_limit", memory_limit),
                                ("temp_directory", temp_directory)) if v}
    con = duckdb.connect(config=config)
    con.execute("SET enable_progress_bar = false")
    return con

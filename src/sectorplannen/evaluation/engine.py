"""Where the relational part of the evaluation runs: embedded DuckDB or Apache Spark (ADR 016).

The outcome pipeline (formats.md §6) and the net-effects panel (§8) are written once, as Ibis
expressions (`engine_outcomes`, `engine_effects`); an `Engine` gives them the checked input tables
and collects the small aggregates they produce as Arrow tables. Everything after that (disclosure
control, the cells of every dimension, the estimate's matrix algebra, the files) runs on the
collected aggregates in this process, the same code for both engines.

Ibis compiles each expression to the engine's SQL dialect (SQLGlot underneath); it runs on the
engine's own connection:

- `duckdb` (default): on the connection that read and checked the files; nothing is copied.
- `spark`: through `SparkSession.sql`. The checked valid rows are staged as Parquet (a temporary
  directory, or `SECTORPLANNEN_SPARK_STAGING` on storage that every executor can read) and read by
  Spark. The session is the active one, the one `spark-submit` configures, a Spark Connect session
  when `SPARK_REMOTE` is set, or else a local session with settings for a small machine.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import duckdb
import ibis
import pyarrow as pa

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
    """The checked inputs as Ibis tables, and running an expression to an Arrow table.

    Expressions are compiled to the engine's SQL dialect by Ibis (SQLGlot underneath) and run on
    the engine's own connection, so no engine-specific code is written by hand."""

    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self._names: list[str] = []  # registered Arrow tables / Spark views
        self._temp: list[str] = []  # materialised steps

    def _schema(self, name: str) -> ibis.Schema:
        return ibis.Schema.from_pyarrow(self.con.sql(f"SELECT * FROM {name} LIMIT 0").to_arrow_table().schema)

    def table(self, name: str) -> ibis.Table:
        """An input table that the reading step made in the DuckDB connection (`participants`, ...)."""
        return ibis.table(self._schema(name), name=name)

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

    def close(self) -> None:
        for name in self._names:
            self.con.unregister(name)
        for name in self._temp:
            self.con.execute(f"DROP TABLE IF EXISTS {name}")
        self._names.clear()
        self._temp.clear()


class SparkEngine(Engine):
    """The same expressions on Spark; the checked tables are staged as Parquet first."""

    name = "spark"
    dialect = "pyspark"

    def __init__(self, con: duckdb.DuckDBPyConnection, session=None, staging: str | None = None):
        super().__init__(con)
        self.session = session or _started_session()
        from ibis.backends.pyspark import Backend

        Backend.register_options()  # the options that the PySpark SQL compiler reads
        base = staging or os.environ.get("SECTORPLANNEN_SPARK_STAGING")
        self.staging = Path(tempfile.mkdtemp(prefix="evaluation-")) if base is None else Path(base) / uuid.uuid4().hex
        self.staging.mkdir(parents=True, exist_ok=True)
        self._tables: dict[str, ibis.Table] = {}
        self._cached: list = []

    def table(self, name: str) -> ibis.Table:
        if name not in self._tables:
            path = self.staging / f"{name}.parquet"
            self.con.table(name).write_parquet(path.as_posix())
            view = f"eval_{name}_{uuid.uuid4().hex[:8]}"
            self.session.read.parquet(path.as_posix()).createOrReplaceTempView(view)
            self._names.append(view)
            self._tables[name] = ibis.table(self._schema(name), name=view)
        return self._tables[name]

    def small_table(self, data: pa.Table) -> ibis.Table:
        name = f"eval_small_{uuid.uuid4().hex[:8]}"
        self.session.createDataFrame(data.to_pylist(), schema=_spark_ddl(data.schema)).createOrReplaceTempView(name)
        self._names.append(name)
        return ibis.table(ibis.Schema.from_pyarrow(data.schema), name=name)

    def collect(self, expr: ibis.Expr) -> pa.Table:
        return self.session.sql(self.sql(expr)).toArrow()

    def materialize(self, expr: ibis.Table) -> ibis.Table:
        from pyspark import StorageLevel

        name = f"eval_step_{uuid.uuid4().hex[:8]}"
        frame = self.session.sql(self.sql(expr)).persist(StorageLevel.MEMORY_AND_DISK)
        frame.createOrReplaceTempView(name)
        self._names.append(name)
        self._cached.append(frame)
        return ibis.table(expr.schema(), name=name)

    def close(self) -> None:
        """Drop the views and the staged files (the session stays: it is shared, see `spark_session`)."""
        for frame in self._cached:
            frame.unpersist()
        for name in self._names:
            self.session.catalog.dropTempView(name)
        self._names.clear()
        self._cached.clear()
        self._tables.clear()
        shutil.rmtree(self.staging, ignore_errors=True)


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
    """The engine called `name` over the checked inputs in `con`."""
    if name == "duckdb":
        return Engine(con)
    if name == "spark":
        return SparkEngine(con)
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")

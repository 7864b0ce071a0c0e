"""sectorplannen: run and evaluate the Regeling cofinanciering sectorplannen."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sectorplannen")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"

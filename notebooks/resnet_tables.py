"""The result tables as pandas DataFrames, through `bin/resnet-spark sql --format csv`.

Each query starts one JVM (a few seconds), so the notebooks ask for whole tables or joins once and
do the rest in pandas. Environment variables choose the catalog:

  RESNET_SPARK_CONFIG  configuration file, relative to the project folder (default conf/demo.conf,
                       the tables of `bin/resnet-spark demo`); empty for the built-in defaults
  RESNET_SPARK_SET     overrides, separated by spaces, e.g. "storage.work-dir=/data/resnet"
  RESNET_SPARK         the launcher (default bin/resnet-spark of this project)
"""

import io
import os
import shlex
import subprocess
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = os.environ.get("RESNET_SPARK", str(ROOT / "bin" / "resnet-spark"))
CONFIG = os.environ.get("RESNET_SPARK_CONFIG", "conf/demo.conf")
OVERRIDES = shlex.split(os.environ.get("RESNET_SPARK_SET", ""))


def sql(query, dates=()):
    """Runs a Spark SQL query on the result tables; the rows as a DataFrame."""
    args = [LAUNCHER, "sql", "--format", "csv"]
    if CONFIG:
        args += ["--config", CONFIG]
    for override in OVERRIDES:
        args += ["--set", override]
    args.append(query)
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(
            f"resnet-spark sql exited with {done.returncode}:\n{done.stderr.strip()[-3000:]}"
        )
    return pd.read_csv(io.StringIO(done.stdout), parse_dates=list(dates))

"""Airflow DAG: resnet-spark retrain every night, through SparkSubmitOperator.

Needs apache-airflow-providers-apache-spark and a Spark connection (spark_default) whose host
is the cluster's master (yarn, spark://host:7077 or k8s://https://host:6443). The jar and conf
paths are where the project is installed on the Airflow worker. Exit code 0 includes "nothing
new"; 2 (another retrain running, bad configuration) and 1 (job failure) fail the task.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

RESNET_HOME = "/opt/resnet-spark"


def jvm_flags():
    """The JVM flags of conf/jvm.properties, the one definition of them."""
    props = {}
    with open(f"{RESNET_HOME}/conf/jvm.properties", encoding="utf-8") as f:
        for line in f:
            if "=" in line and not line.startswith("#"):
                key, value = line.rstrip("\n").split("=", 1)
                props[key] = value
    return props["jvm.opens"] + " " + props["jvm.offheap"]


with DAG(
    dag_id="resnet_retrain",
    schedule="0 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 0, "execution_timeout": timedelta(hours=12)},
    tags=["resnet-spark"],
) as dag:
    SparkSubmitOperator(
        task_id="retrain",
        conn_id="spark_default",
        application=f"{RESNET_HOME}/resnet-spark.jar",
        java_class="org.resnetspark.cli.Main",
        name="resnet-retrain",
        executor_cores=1,
        executor_memory="4g",
        driver_memory="4g",
        num_executors=4,
        files=f"{RESNET_HOME}/conf/resnet20-fashion.conf",
        conf={
            "spark.executor.memoryOverhead": "7g",
            "spark.scheduler.minRegisteredResourcesRatio": "1.0",
            "spark.driver.extraJavaOptions": jvm_flags(),
            "spark.executor.extraJavaOptions": jvm_flags(),
        },
        application_args=[
            "retrain",
            "--config",
            "resnet20-fashion.conf",
            "--set",
            "storage.work-dir=hdfs://namenode:8020/resnet",
            "--set",
            "retrain.source=hdfs://namenode:8020/data/images",
            "--set",
            "train.workers=4",
        ],
    )

from celery import shared_task


@shared_task
def build_data_export(export_id: int) -> None:
    from .services import build_export

    build_export(export_id)


@shared_task(ignore_result=True)
def apply_retention() -> None:
    from .retention import apply_retention as run

    run()

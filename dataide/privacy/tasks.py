from celery import shared_task


@shared_task
def build_data_export(export_id: int) -> None:
    from .services import build_export

    build_export(export_id)

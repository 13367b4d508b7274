from django.apps import AppConfig


class SampledataConfig(AppConfig):
    name = "sampledata"
    verbose_name = "Dữ liệu mẫu và đo hiệu năng"

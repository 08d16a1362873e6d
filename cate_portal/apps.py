from django.apps import AppConfig


class CatePortalConfig(AppConfig):
    name = "cate_portal"
    verbose_name = "CATE site"

from django.test import RequestFactory

from cate_portal.http import client_ip


def request_with(**meta):
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = request_with(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "192.0.2.10"


def test_behind_one_trusted_proxy_the_client_is_the_forwarded_address(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = request_with(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


def test_a_header_not_matching_the_proxy_setting_falls_back_to_the_socket_address(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    request = request_with(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "10.0.0.1"


def test_an_address_that_is_not_an_ip_gives_none(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_with(REMOTE_ADDR="not-an-ip")) is None

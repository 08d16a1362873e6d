"""Template filters that write values the one way the portal writes them."""

from django import template

from cate_portal.text import format_currency

register = template.Library()


@register.filter
def currency(amount) -> str:
    """{{ support.amount|currency }} → "$75,000"."""
    return format_currency(amount)

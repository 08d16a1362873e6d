"""What the site's django-filter filtersets share (the directory, the coverage map, the resource
library)."""


class FlagsErrorsMixin:
    """For a FilterSet: `flag_errors()` marks each field with an error for assistive technology
    and Bootstrap's styles (`is-invalid`, `aria-invalid`, and `aria-describedby` pointing at the
    template's `<id>-error` message). Call it when the form is not valid, before rendering."""

    def flag_errors(self) -> None:
        for name in self.form.errors:
            if name in self.form.fields:
                attrs = self.form.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self.form[name].id_for_label}-error"

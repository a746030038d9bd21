from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the pattern from Django's file-upload docs)."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):  # noqa: ANN001, ANN201
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class TicketForm(forms.Form):
    subject = forms.CharField(max_length=200, widget=forms.TextInput(attrs={"autofocus": True}))
    body = forms.CharField(label="Describe your request", widget=forms.Textarea(attrs={"rows": 10}),
                           help_text="Markdown is supported. Please include versions, steps and error messages.")
    attachments = MultipleFileField(help_text="Screenshots, logs, PDFs or ZIP files, up to 10 MB each.")


class ReplyForm(forms.Form):
    body = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 6}))
    attachments = MultipleFileField()

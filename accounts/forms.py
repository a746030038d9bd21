from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError

from .models import User
from .services import merchant_for_licence_key


class RegistrationForm(forms.Form):
    licence_key = forms.CharField(max_length=64, help_text="The key you received with your IXXO licence.")
    username = forms.RegexField(max_length=150, regex=r"^[\w.@+-]+\Z",
                                error_messages={"invalid": "Use letters, digits and @ . + - _ only."})
    email = forms.EmailField()
    password1 = forms.CharField(label="Password", widget=forms.PasswordInput,
                                help_text=password_validators_help_text_html())
    password2 = forms.CharField(label="Password again", widget=forms.PasswordInput)

    def clean_licence_key(self) -> str:
        key = self.cleaned_data["licence_key"]
        try:
            merchant_for_licence_key(key)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["licence_key"]) from exc
        return key

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("This username is taken.")
        return username

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "The two passwords differ.")
        return data

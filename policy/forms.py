from django import forms
from django.core.exceptions import ValidationError

from .models import ScopeRule, ScopeTopic
from .rules import Rule, validate_rule


class ScopeRuleForm(forms.ModelForm):
    """Refuses a rule the classifier could not use (broken regex, unknown topic, bad weight)."""

    class Meta:
        model = ScopeRule
        fields = ["topic", "kind", "pattern", "language", "weight", "enabled", "note"]

    def clean(self) -> dict:
        data = super().clean() or {}
        topic: ScopeTopic | None = data.get("topic")
        if topic is None or not data.get("pattern"):
            return data
        rule = Rule(topic.slug, data.get("kind", ""), data["pattern"], data.get("language", "any"),
                    float(data.get("weight", 1.0)), bool(data.get("enabled")))
        slugs = ScopeTopic.objects.values_list("slug", flat=True)
        errors = validate_rule(rule, slugs)
        if errors:
            raise ValidationError({"pattern": [f"This rule cannot be used: {error}." for error in errors]})
        return data

    def as_rule(self) -> Rule:
        data = self.cleaned_data
        return Rule(data["topic"].slug, data["kind"], data["pattern"], data["language"], float(data["weight"]),
                    True)


class CorrectionForm(forms.Form):
    topics = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, choices=())
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             help_text="Why the classifier was wrong; this teaches it.")

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t.slug, f"{t.name} ({t.get_kind_display().lower()})")
                                         for t in ScopeTopic.objects.filter(is_active=True)]

from django import forms

from .models import Category, Flag, Sanction, Subscription

BODY_HELP = "Markdown: **bold**, _italic_, `code`, [links](https://…), > quotes. Mention someone with @username."


class ThreadForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(label="Post", widget=forms.Textarea(attrs={"rows": 10}), help_text=BODY_HELP)


class ReplyForm(forms.Form):
    body = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 7}), help_text=BODY_HELP)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(choices=Flag.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Needed for “Other”."
    )


class AmendForm(forms.Form):
    body = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 10}))
    reason = forms.CharField(max_length=300, help_text="Kept with the revision; only moderators see it.")


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=1000, required=False)


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(choices=Sanction.Kind.choices)
    days = forms.IntegerField(
        min_value=1, max_value=3650, required=False, help_text="Empty: until lifted. Bans are always until lifted."
    )
    staff_note = forms.CharField(label="Note for staff", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    notify_user = forms.BooleanField(
        required=False,
        label="Tell the user by e-mail",
        help_text="Off by default: the policy lets us limit users without notification.",
    )


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.all())


class MergeForm(forms.Form):
    target = forms.IntegerField(label="Merge into thread number", min_value=1)


class SubscribeForm(forms.Form):
    channel = forms.ChoiceField(choices=Subscription.Channel.choices, required=False)

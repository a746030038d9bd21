from django.urls import reverse

from webhooks.models import Webhook


def test_admins_configure_webhooks_with_validated_events(client, cast):
    client.force_login(cast.admin)
    url = reverse("admin:webhooks_webhook_add")
    bad = client.post(url, {"name": "CRM", "url": "https://crm.example/hook", "secret": "short"})
    assert "This field is required" in bad.content.decode() or "at least 16" in bad.content.decode()
    good = client.post(url, {"name": "CRM", "url": "https://crm.example/hook", "events": ["ticket.created"],
                             "secret": "s" * 32, "is_active": "on"})
    assert good.status_code == 302
    assert Webhook.objects.get().events == ["ticket.created"]
    assert client.get(reverse("admin:webhooks_delivery_changelist")).status_code == 200

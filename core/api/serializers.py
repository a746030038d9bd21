from typing import Any

from rest_framework import serializers


class StrictInputSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a typo or a forbidden field is a clear 400, not silence."""

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown or read-only field."] for name in unknown})
        return super().to_internal_value(data)

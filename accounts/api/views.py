from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..roles import STAFF_ROLES, has_role


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    roles = serializers.ListField(child=serializers.CharField())
    merchant = serializers.DictField(allow_null=True)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        merchant = user.merchant
        return Response({
            "id": user.pk,
            "username": user.username,
            "email": user.email,
            "roles": [role for role in STAFF_ROLES if has_role(user, role)] or (["merchant"] if merchant else []),
            "merchant": None if merchant is None else {
                "id": merchant.pk, "name": merchant.name, "licence_status": merchant.licence_status,
                "support_plan": merchant.support_plan, "role": user.merchant_role,
            },
        })


class TokenView(ObtainAuthToken):
    """POST username and password, receive `{"token": ...}` for `Authorization: Token ...`."""

    @extend_schema(
        request=inline_serializer("TokenRequest", {"username": serializers.CharField(),
                                                   "password": serializers.CharField()}),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request: Request, *args, **kwargs) -> Response:  # noqa: ANN002, ANN003
        return super().post(request, *args, **kwargs)

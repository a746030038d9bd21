from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import is_support_staff
from core.api.serializers import StrictInputSerializer
from tickets.selectors import ticket_get

from . import services
from .models import ScopeVerdict


class ScopeVerdictSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)

    class Meta:
        model = ScopeVerdict
        fields = ["id", "verdict", "topics", "confidence", "needs_review", "evidence", "language", "rules_version",
                  "model_version", "source", "actor", "reason", "message", "created_at"]


class CorrectionSerializer(StrictInputSerializer):
    topics = serializers.ListField(child=serializers.SlugField(), allow_empty=False)
    reason = serializers.CharField(max_length=2000)


class ReviewRequestSerializer(StrictInputSerializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class TicketVerdictsView(APIView):
    """Every verdict of a ticket (staff), and agents' corrections (POST)."""

    @extend_schema(responses=ScopeVerdictSerializer(many=True))
    def get(self, request: Request, ticket_id: int) -> Response:
        ticket = ticket_get(user=request.user, ticket_id=ticket_id)
        verdicts = ticket.verdicts.select_related("actor")
        if not is_support_staff(request.user):
            verdicts = verdicts.exclude(needs_review=True, source=ScopeVerdict.Source.CLASSIFIER)
        return Response(ScopeVerdictSerializer(verdicts, many=True).data)

    @extend_schema(request=CorrectionSerializer, responses={201: ScopeVerdictSerializer})
    def post(self, request: Request, ticket_id: int) -> Response:
        ticket = ticket_get(user=request.user, ticket_id=ticket_id)
        data = CorrectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stored = services.verdict_correct(actor=request.user, ticket=ticket, **data.validated_data)
        return Response(ScopeVerdictSerializer(stored).data, status=status.HTTP_201_CREATED)


class ReviewRequestView(APIView):
    """A merchant disagrees with the scope verdict: an agent reviews the ticket."""

    @extend_schema(request=ReviewRequestSerializer, responses={202: None})
    def post(self, request: Request, ticket_id: int) -> Response:
        ticket = ticket_get(user=request.user, ticket_id=ticket_id)
        data = ReviewRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = services.review_request(actor=request.user, ticket=ticket, reason=data.validated_data["reason"])
        return Response({"review_requested": True, "changed": changed}, status=status.HTTP_202_ACCEPTED)

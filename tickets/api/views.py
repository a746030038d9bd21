from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import is_support_staff
from core.api.parsers import JSONParser
from core.idempotency import idempotent

from .. import claiming, selectors, services
from ..downloads import attachment_response
from ..models import Ticket
from . import serializers as s
from .filters import TicketFilter


class TicketViewSet(viewsets.GenericViewSet):
    """Tickets the caller may see. Merchants see their store's; agents those of their queues."""

    serializer_class = s.TicketSerializer
    filterset_class = TicketFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Ticket]:
        return (selectors.tickets_visible_to(self.request.user)
                .select_related("merchant", "requester", "queue", "assignee").prefetch_related("tags"))

    def _ticket(self) -> Ticket:
        return selectors.ticket_get(user=self.request.user, ticket_id=int(self.kwargs["pk"]))

    def _input(self, merchant_class: type, staff_class: type) -> dict:
        serializer_class = staff_class if is_support_staff(self.request.user) else merchant_class
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _detail(self, ticket: Ticket) -> dict:
        return s.TicketDetailSerializer(ticket, context=self.get_serializer_context()).data

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = s.TicketSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(rows)

    @extend_schema(responses=s.TicketDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._detail(self._ticket()))

    @extend_schema(request=s.StaffTicketCreateSerializer, responses={201: s.TicketDetailSerializer})
    @idempotent
    def create(self, request: Request) -> Response:
        data = self._input(s.TicketCreateSerializer, s.StaffTicketCreateSerializer)
        ticket = services.ticket_create(actor=request.user, subject=data["subject"], body=data["body"],
                                        uploads=data["attachments"], merchant=data.get("merchant"),
                                        requester=data.get("requester"), priority=data.get("priority"),
                                        channel=data.get("channel", Ticket.Channel.API))
        return Response(self._detail(ticket), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.StaffTicketUpdateSerializer, responses=s.TicketDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        data = self._input(s.TicketUpdateSerializer, s.StaffTicketUpdateSerializer)
        ticket = services.ticket_update(actor=request.user, ticket=self._ticket(), **data)
        return Response(self._detail(ticket))

    @extend_schema(methods=["GET"], responses=s.MessageSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.StaffMessageCreateSerializer, responses={201: s.MessageSerializer})
    @action(detail=True, methods=["get", "post"], url_path="messages")
    def messages(self, request: Request, pk: str) -> Response:
        ticket = self._ticket()
        if request.method == "GET":
            messages = selectors.messages_visible_to(user=request.user, ticket=ticket)
            return Response(s.MessageSerializer(messages, many=True).data)
        return self._post_message(request, ticket)

    @idempotent
    def _post_message(self, request: Request, ticket: Ticket) -> Response:
        data = self._input(s.MessageCreateSerializer, s.StaffMessageCreateSerializer)
        message = services.message_create(actor=request.user, ticket=ticket, body=data["body"],
                                          internal=data.get("internal", False), status=data.get("status"),
                                          uploads=data["attachments"], channel=Ticket.Channel.API)
        return Response(s.MessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AttachmentUploadSerializer, responses={201: s.AttachmentSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="attachments")
    def attachments(self, request: Request, pk: str) -> Response:
        ticket = self._ticket()
        data = self._input(s.AttachmentUploadSerializer, s.AttachmentUploadSerializer)
        stored = services.attachment_add(actor=request.user, ticket=ticket, uploads=data["attachments"])
        return Response(s.AttachmentSerializer(stored, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_id>\d+)")
    def download(self, request: Request, pk: str, attachment_id: str) -> FileResponse:
        """The file itself, for API clients (token auth); the same access rules as the portal."""
        attachment = selectors.attachment_get(user=request.user, ticket_id=int(pk), attachment_id=int(attachment_id))
        return attachment_response(attachment)

    @extend_schema(request=None, responses=s.TicketDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        ticket = services.ticket_change_status(actor=request.user, ticket=self._ticket(), status=Ticket.Status.CLOSED)
        return Response(self._detail(ticket))

    @extend_schema(request=None, responses=s.TicketDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        ticket = services.ticket_change_status(actor=request.user, ticket=self._ticket(), status=Ticket.Status.OPEN)
        return Response(self._detail(ticket))

    @extend_schema(request=None, responses={200: s.TicketDetailSerializer, 204: None})
    @action(detail=False, methods=["post"], url_path="claim-next")
    def claim_next(self, request: Request) -> Response:
        """Assign the most urgent unassigned ticket in the caller's queues to the caller; 204 when none is left."""
        ticket = claiming.ticket_claim_next(actor=request.user)
        if ticket is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self._detail(selectors.ticket_get(user=request.user, ticket_id=ticket.pk)))

    @extend_schema(request=None, responses={200: s.TicketDetailSerializer, 409: None})
    @action(detail=True, methods=["post"])
    def claim(self, request: Request, pk: str) -> Response:
        """Assign this ticket to the caller; 409 when another agent has it."""
        claiming.ticket_claim(actor=request.user, ticket=self._ticket())
        return Response(self._detail(self._ticket()))

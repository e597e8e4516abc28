"""The creditor REST API, version 1. Every read starts from the token's creditor."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, pagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from creditors import maventa, selectors, services
from creditors.api.auth import CreditorTokenAuthentication, HasTokenScope
from creditors.api.errors import (
    Conflict,
    ErrorSerializer,
    Unavailable,
    Unprocessable,
    exception_handler,
)
from creditors.api.idempotency import HEADER, idempotent
from creditors.api.serializers import (
    AssignmentOut,
    EventIn,
    EventOut,
    OverviewOut,
    TimelineEntryOut,
    TransferIn,
    TransferOut,
)
from creditors.forms import AssignmentFilter, PeriodForm
from creditors.models import MaventaLink
from creditors.transfers import TransferForm
from integrations.http import UpstreamError

ERRORS = dict.fromkeys((401, 403, 404, 422), ErrorSerializer)
FILTER_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.DATE if "_from" in name or "_to" in name else str)
    for name in AssignmentFilter.base_fields
]


class Pages(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "per_page"
    max_page_size = 100


class CreditorAPIView(APIView):
    authentication_classes = [CreditorTokenAuthentication]
    permission_classes = [HasTokenScope]

    def get_exception_handler(self):
        return exception_handler

    @property
    def creditor(self):
        return self.request.auth.creditor


def _valid(form):
    if not form.is_valid():
        details = {field: [str(e) for e in errors] for field, errors in form.errors.items()}
        raise Unprocessable("The query is not valid.", details=details)
    return form.cleaned_data


class AssignmentList(CreditorAPIView, generics.ListAPIView):
    serializer_class = AssignmentOut
    pagination_class = Pages

    def get_queryset(self):
        filters = _valid(AssignmentFilter(self.request.query_params))
        return selectors.filter_cases(selectors.creditor_cases(self.creditor), filters)

    @extend_schema(
        parameters=FILTER_PARAMETERS, responses={200: AssignmentOut(many=True), **ERRORS}
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AssignmentDetail(CreditorAPIView):
    @extend_schema(responses={200: AssignmentOut, **ERRORS})
    def get(self, request: Request, myropo_id: str) -> Response:
        case = selectors.get_case(self.creditor, myropo_id)
        return Response(AssignmentOut(case).data)


class AssignmentEvents(CreditorAPIView):
    @extend_schema(responses={200: TimelineEntryOut(many=True), **ERRORS})
    def get(self, request: Request, myropo_id: str) -> Response:
        case = selectors.get_case(self.creditor, myropo_id)
        return Response(TimelineEntryOut(selectors.case_timeline(case), many=True).data)

    @extend_schema(
        request=EventIn,
        parameters=[OpenApiParameter(HEADER, str, OpenApiParameter.HEADER, required=True)],
        responses={201: EventOut, 409: ErrorSerializer, **ERRORS},
        description="Report a direct payment (`paid`) or a credit note (`credit_note`). "
        "It goes to the collection system through the outbox; the open balance follows.",
    )
    def post(self, request: Request, myropo_id: str) -> Response:
        case = selectors.get_case(self.creditor, myropo_id)
        return idempotent(request, lambda: self._report(request, case))

    def _report(self, request: Request, case) -> Response:
        data = EventIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                payment = services.report_event(
                    case,
                    kind=data.validated_data["type"],
                    amount=data.validated_data["amount"],
                    booked_at=data.validated_data["booked_at"],
                    actor_label=f"api-token:{request.auth.prefix}",
                )
        except services.CreditorActionError as exc:
            raise Unprocessable(str(exc.message), "refused") from exc
        return Response(EventOut(payment).data, status=201)


class Overview(CreditorAPIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("currency", str),
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
        ],
        responses={200: OverviewOut, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = PeriodForm.default(self.creditor.currency) | request.query_params.dict()
        period = _valid(PeriodForm(params))
        figures = selectors.key_figures(self.creditor, **period)
        return Response(OverviewOut({**figures, **period}).data)


class Transfers(CreditorAPIView, generics.ListAPIView):
    serializer_class = TransferOut
    pagination_class = Pages

    def get_queryset(self):
        return self.creditor.transfers.all()

    @extend_schema(responses={200: TransferOut(many=True), **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=TransferIn,
        parameters=[OpenApiParameter(HEADER, str, OpenApiParameter.HEADER, required=True)],
        responses={201: TransferOut, 409: ErrorSerializer, 503: ErrorSerializer, **ERRORS},
        description="Transfer an overdue invoice of the creditor in Maventa to collection "
        "(business receivables 7 days, consumer 14 days after the due date). It starts "
        "`pending` and becomes `sent` or `error` when Maventa answers.",
    )
    def post(self, request: Request) -> Response:
        return idempotent(request, lambda: self._transfer(request))

    def _transfer(self, request: Request) -> Response:
        data = TransferIn(data=request.data)
        data.is_valid(raise_exception=True)
        link = MaventaLink.objects.filter(creditor=self.creditor).first()
        if link is None:
            raise Unprocessable("This creditor is not linked to a Maventa company.", "no_maventa")
        try:
            invoices = maventa.company_invoices(link)
        except UpstreamError as exc:
            raise Unavailable() from exc
        form = TransferForm(data.as_form_data(), invoices=invoices)
        if not form.is_valid():
            details = {field: [str(e) for e in errors] for field, errors in form.errors.items()}
            raise Unprocessable("The transfer is not possible.", details=details)
        try:
            with transaction.atomic():
                (transfer,) = services.request_transfers(
                    self.creditor,
                    [form.transfer_input()],
                    actor_label=f"api-token:{request.auth.prefix}",
                )
        except services.CreditorActionError as exc:
            raise Conflict(str(exc.message), "already_transferring") from exc
        return Response(TransferOut(transfer).data, status=201)

"""Which outbox topics exist and who delivers them."""

from integrations.maventa import outbox as maventa_outbox
from integrations.outbox import Topic
from integrations.ropo_one import outbox as ropo_one_outbox

TOPICS: dict[str, Topic] = {
    "ropo_one.payment": Topic(
        deliver=ropo_one_outbox.deliver_payment,
        on_dead=ropo_one_outbox.payment_refused,
        on_retry=ropo_one_outbox.payment_retried,
        at_most_once=True,
    ),
    "ropo_one.dispute": Topic(deliver=ropo_one_outbox.deliver_dispute),
    "ropo_one.postpone": Topic(deliver=ropo_one_outbox.deliver_postponement),
    "ropo_one.plan": Topic(deliver=ropo_one_outbox.deliver_plan),
    "maventa.event": Topic(
        deliver=maventa_outbox.deliver_event,
        on_dead=ropo_one_outbox.payment_refused,
        on_retry=ropo_one_outbox.payment_retried,
        at_most_once=True,
    ),
    "maventa.transfer": Topic(
        deliver=maventa_outbox.deliver_transfer,
        on_dead=maventa_outbox.transfer_refused,
        on_retry=maventa_outbox.transfer_retried,
    ),
    "maventa.activation": Topic(deliver=maventa_outbox.deliver_activation),
    "maventa.close_service": Topic(deliver=maventa_outbox.deliver_service_closing),
}

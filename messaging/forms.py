from django import forms
from django.utils.translation import gettext_lazy as _

from messaging.services import MAX_BODY, MAX_SUBJECT


class AttachmentField(forms.FileField):
    widget = forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"})


class NewThreadForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=MAX_SUBJECT)
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea)
    attachment = AttachmentField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most 5 MB."),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), max_length=MAX_BODY, widget=forms.Textarea)
    attachment = AttachmentField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most 5 MB."),
    )


class AgentReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), max_length=MAX_BODY, widget=forms.Textarea)
    close = forms.BooleanField(label=_("Close the conversation after this reply"), required=False)


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("Your question"), max_length=500)


class ChatForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

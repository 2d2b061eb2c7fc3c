"""(being built)"""

from django.http import Http404


def start(request, code):
    raise Http404

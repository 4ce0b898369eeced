"""The bench's side channel for query counts (config.settings.bench only): a request carrying
X-Bench-Count gets the number of SQL statements it ran in the X-Bench-Queries response header.
A streamed response is produced whole first for that one request (it is not timed), so the
statements run while streaming are counted too."""

from django.db import connection
from django.http import HttpResponse

ASK_HEADER = "X-Bench-Count"
ANSWER_HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if ASK_HEADER not in request.headers:
            return self.get_response(request)
        statements = []

        def count(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
            if response.streaming:
                response = _produced(response)
        response[ANSWER_HEADER] = str(len(statements))
        return response


def _produced(streamed) -> HttpResponse:
    body = b"".join(streamed.streaming_content)
    streamed.close()
    response = HttpResponse(body, status=streamed.status_code)
    for name, value in streamed.items():
        response[name] = value
    return response

def served_by(get_response):
    def middleware(request):
        response = get_response(request)
        response["X-Served-By"] = "helpdesk"
        return response

    return middleware

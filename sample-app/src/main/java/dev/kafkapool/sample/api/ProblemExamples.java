package dev.kafkapool.sample.api;

/**
 * Example {@code application/problem+json} bodies for the OpenAPI document, one per status the
 * API answers with. Kept in one place so every operation documents the same shapes.
 */
public final class ProblemExamples {

    /** 400: the body is not valid JSON. */
    public static final String MALFORMED_JSON = """
            {"title":"Bad Request","status":400,\
            "detail":"The body is not valid JSON (line 1, column 14)","instance":"/api/v1/topics/demo/records"}""";

    /** 400: a field failed validation. */
    public static final String INVALID_FIELD = """
            {"title":"Bad Request","status":400,\
            "detail":"records[0].value: is required (any JSON value)","instance":"/api/v1/topics/demo/records",\
            "errors":[{"field":"records[0].value","message":"is required (any JSON value)"}]}""";

    /** 400: an order failed validation. */
    public static final String INVALID_ORDER = """
            {"title":"Bad Request","status":400,\
            "detail":"lines[0].sku: must not be blank","instance":"/api/v1/orders",\
            "errors":[{"field":"lines[0].sku","message":"must not be blank"}]}""";

    /** 404: no processed order with the id (yet). */
    public static final String ORDER_NOT_PROCESSED = """
            {"title":"Not Found","status":404,\
            "detail":"No processed order with this id (yet): the listener may still be on its way, the id is \
            unknown, or the order is older than the newest 10,000 this process keeps","instance":"/api/v1/orders/7f1c0a9e-4c7b-4e0f-9a57-3f0d2c1b8e6a"}""";

    /** 404: the topic is not in KAFKA_TOPICS. */
    public static final String TOPIC_NOT_ALLOWED = """
            {"title":"Not Found","status":404,\
            "detail":"The topic is not one this app may publish to (KAFKA_TOPICS); nothing was queued.",\
            "instance":"/api/v1/topics/other/records","reason":"TOPIC_NOT_ALLOWED"}""";

    /** 408: the body stopped coming before its end. */
    public static final String BODY_CUT_OFF = """
            {"title":"Request Timeout","status":408,\
            "detail":"The request body could not be read to its end (the connection closed or stalled: \
            SocketTimeoutException); nothing was published. Send it again.","instance":"/api/v1/topics/demo/records"}""";

    /** 413: body, record count or record size over a limit. */
    public static final String TOO_LARGE = """
            {"title":"Content Too Large","status":413,\
            "detail":"1001 records in one request; at most 1000 are allowed (sample.http.max-records)",\
            "instance":"/api/v1/topics/demo/records"}""";

    /** 413: a body over the size limit. */
    public static final String BODY_TOO_LARGE = """
            {"title":"Content Too Large","status":413,\
            "detail":"The request body is larger than the limit of 5242880 bytes (sample.http.max-body-size)",\
            "instance":"/api/v1/orders"}""";

    /** 413: a record with more headers than allowed. */
    public static final String TOO_MANY_HEADERS = """
            {"title":"Content Too Large","status":413,\
            "detail":"records[0].headers has more than 32 headers; at most 32 are allowed per record \
            (sample.http.max-headers-per-record)","instance":"/api/v1/topics/demo/records"}""";

    /** 415: not a JSON body. */
    public static final String UNSUPPORTED_MEDIA_TYPE = """
            {"title":"Unsupported Media Type","status":415,\
            "detail":"Content-Type 'text/plain' is not supported.","instance":"/api/v1/topics/demo/records"}""";

    /** 429: the pool's queue is full. */
    public static final String QUEUE_FULL = """
            {"title":"Too Many Requests","status":429,\
            "detail":"The publisher's queue is full; nothing was queued. Retry after 1 s.",\
            "instance":"/api/v1/topics/demo/records","reason":"QUEUE_FULL"}""";

    /** 503: Kafka disabled or the app shutting down. */
    public static final String UNAVAILABLE = """
            {"title":"Service Unavailable","status":503,\
            "detail":"Kafka is disabled in this app (KAFKA_ENABLED=false); nothing was published.",\
            "instance":"/api/v1/topics/demo/records","reason":"DISABLED"}""";

    /** 504: no acknowledgement within the wait timeout. */
    public static final String WAIT_TIMED_OUT = """
            {"title":"Gateway Timeout","status":504,\
            "detail":"Kafka did not acknowledge within 10000 ms (sample.http.wait-timeout). \
            The records stay queued and may still be delivered. \
            A topic that does not exist holds its records up to KAFKA_MISSING_TOPIC_TIMEOUT, then they fail \
            (/actuator/health/kafka lists such topics).","instance":"/api/v1/topics/demo/records"}""";

    public static final String ORDER_TIMED_OUT = """
            {"title":"Gateway Timeout","status":504,\
            "detail":"Kafka did not acknowledge within 10000 ms (sample.http.wait-timeout). \
            The records stay queued and may still be delivered. \
            A topic that does not exist holds its records up to KAFKA_MISSING_TOPIC_TIMEOUT, then they fail \
            (/actuator/health/kafka lists such topics).","instance":"/api/v1/orders",\
            "orderId":"0b7f9f5e-2f4c-4f7e-9d55-8d1f6f0c2a11"}""";

    /** 408: an order's body stopped coming before its end. */
    public static final String ORDER_BODY_CUT_OFF = """
            {"title":"Request Timeout","status":408,\
            "detail":"The request body could not be read to its end (the connection closed or stalled: \
            SocketTimeoutException); nothing was published. Send it again.","instance":"/api/v1/orders"}""";

    /** 415: an order that is not a JSON body. */
    public static final String ORDER_UNSUPPORTED_MEDIA_TYPE = """
            {"title":"Unsupported Media Type","status":415,\
            "detail":"Content-Type 'text/plain' is not supported.","instance":"/api/v1/orders"}""";

    /** 429: the pool's queue is full when an order comes. */
    public static final String ORDER_QUEUE_FULL = """
            {"title":"Too Many Requests","status":429,\
            "detail":"The publisher's queue is full; nothing was queued. Retry after 1 s.",\
            "instance":"/api/v1/orders","reason":"QUEUE_FULL"}""";

    /** 503: Kafka disabled or the app shutting down when an order comes. */
    public static final String ORDER_UNAVAILABLE = """
            {"title":"Service Unavailable","status":503,\
            "detail":"Kafka is disabled in this app (KAFKA_ENABLED=false); nothing was published.",\
            "instance":"/api/v1/orders","reason":"DISABLED"}""";

    private ProblemExamples() {
    }

}

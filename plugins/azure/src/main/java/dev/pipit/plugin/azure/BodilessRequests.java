package dev.pipit.plugin.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

/**
 * Drops the {@code Content-Length: 0} the SDK puts on listing and read requests, after they are signed. The JDK's
 * HTTP client computes that header itself and refuses to be given it; its Azure adapter drops it too, but logs a
 * warning for every request. A signature covers a length of 0 as an empty one, so the request Azure receives and
 * checks is the same.
 */
final class BodilessRequests implements HttpPipelinePolicy {
    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        dropZeroLength(context);
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        dropZeroLength(context);
        return next.processSync();
    }

    private static void dropZeroLength(HttpPipelineCallContext context) {
        if ("0".equals(context.getHttpRequest().getHeaders().getValue(HttpHeaderName.CONTENT_LENGTH))) {
            context.getHttpRequest().getHeaders().remove(HttpHeaderName.CONTENT_LENGTH);
        }
    }
}

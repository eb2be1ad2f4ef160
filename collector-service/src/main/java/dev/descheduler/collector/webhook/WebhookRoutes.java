package dev.descheduler.collector.webhook;

import dev.descheduler.collector.config.CollectorProperties;
import dev.descheduler.collector.ingest.IngestMetrics;
import dev.descheduler.collector.ingest.ObservedRequests;
import dev.descheduler.collector.ingest.RequestBodyReader;
import dev.descheduler.collector.pipeline.EventPipeline;
import dev.descheduler.events.EventJsonDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The GitHub webhook endpoint. No API key: GitHub cannot send one, so the signature is the authentication; the body
 * limits are those of the ingest endpoints.
 */
@Configuration(proxyBeanMethods = false)
class WebhookRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);
    static final String PATH = "/webhooks/github";

    @Bean
    RouterFunction<ServerResponse> webhookRouter(
            WebhookProperties webhook,
            CollectorProperties settings,
            EventJsonDecoder decoder,
            EventPipeline pipeline,
            MeterRegistry registry) {
        if (webhook.hasSecret()) {
            LOG.info("{} verifies X-Hub-Signature-256 with GITHUB_WEBHOOK_SECRET", PATH);
        } else if (webhook.allowUnsigned()) {
            LOG.warn(
                    "{} takes UNSIGNED deliveries (GITHUB_WEBHOOK_ALLOW_UNSIGNED=true): anyone who can reach it can"
                            + " write events",
                    PATH);
        } else {
            LOG.info("{} refuses deliveries (403) until GITHUB_WEBHOOK_SECRET is set", PATH);
        }
        return router(webhook, settings.ingest(), decoder, pipeline, registry);
    }

    static RouterFunction<ServerResponse> router(
            WebhookProperties webhook,
            CollectorProperties.Ingest ingest,
            EventJsonDecoder decoder,
            EventPipeline pipeline,
            MeterRegistry registry) {
        IngestMetrics metrics = new IngestMetrics(registry);
        WebhookHandler handler = new WebhookHandler(
                webhook,
                new RequestBodyReader(ingest),
                new WebhookDecoder(ingest.maxNestingDepth(), ingest.maxStringLength()),
                decoder,
                pipeline,
                metrics);
        return RouterFunctions.route()
                .POST(PATH, handler::receive)
                .filter(ObservedRequests.filter(PATH, metrics))
                .build();
    }
}

package dev.pipeline.collector.validation;

import dev.pipeline.model.validation.Rejection;

/** An event of a request that broke the contract: its position in the request, why, and its original text. */
public record RejectedEvent(int index, Rejection rejection, String originalText) {
}

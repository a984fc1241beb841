package io.elo.examples.internal.rest;

/** Answers one routed request; may throw {@link ApiException} or anything else (a 500). */
@FunctionalInterface
interface Endpoint {
  Response handle(Request request) throws Exception;
}

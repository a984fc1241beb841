/**
 * The node's JSON-over-HTTP API, its admin endpoints, the Prometheus scrape endpoint and the
 * dashboard page, served by the JDK's {@code com.sun.net.httpserver}. Start one with {@link
 * io.elo.examples.internal.rest.RestServer#start}; the paths are documented in docs/api.md.
 */
package io.elo.examples.internal.rest;

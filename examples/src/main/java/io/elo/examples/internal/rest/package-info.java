/**
 * The node's JSON-over-HTTP API, its admin endpoints, the Prometheus scrape endpoint and the
 * dashboard page, served by Jetty 12 core (no servlets). Start one with {@link
 * io.elo.examples.internal.rest.RestServer#start}; the paths are documented in docs/api.md.
 */
package io.elo.examples.internal.rest;

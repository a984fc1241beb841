/**
 * The node's health: whether it has peers, whether sync is stalled and how old its tip is, as a
 * report for the health endpoint and as gauges for Prometheus and its alert rules
 * (docs/alerts.yml).
 */
package io.elo.examples.internal.health;

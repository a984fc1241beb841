/**
 * The rootless multi-host harness: an in-JVM TCP proxy that stands for the links between node
 * processes on 127.0.0.x addresses, so tests can cut and restore links and add latency and loss
 * without root or network namespaces.
 */
package io.elo.examples.internal.harness;

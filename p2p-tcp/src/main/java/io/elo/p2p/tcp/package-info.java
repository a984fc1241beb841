/**
 * The reference TCP transport: {@link io.elo.p2p.tcp.TcpTransport}, an {@link
 * io.elo.p2p.Transport} over non-blocking sockets served by one or two selector threads.
 *
 * <p>Each connection is layered as socket byte stream, then a stream channel (plaintext today; the
 * seam where a Noise channel goes), then length-prefixed frames ({@link io.elo.p2p.FrameCodec}).
 * Everything except the transport and its builder is package-private.
 */
package io.elo.p2p.tcp;

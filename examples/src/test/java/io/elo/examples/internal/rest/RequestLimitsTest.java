package io.elo.examples.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RequestLimitsTest {
  @Test
  void aClientThatNeverSendsItsBody_isCutOff_andOthersAreServed() throws Exception {
    try (RestNode rest = RestNode.start(b -> b.requestTimeout(Duration.ofMillis(300)).threads(1))) {
      try (Socket socket = new Socket("127.0.0.1", rest.rest.port())) {
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
            + "Content-Type: application/json\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] answer = in.readAllBytes(); // returns once the server closes the connection
        String text = new String(answer, StandardCharsets.US_ASCII);
        assertTrue(text.isEmpty() || !text.contains("200 OK"), text);
      }
      assertEquals(200, rest.get("/api/v1/status").status(), "the only worker is free again");
    }
  }

  @Test
  void anOversizedBody_isRefused() throws Exception {
    try (RestNode rest = RestNode.start(b -> b.maxBodyBytes(10))) {
      RestNode.Reply reply = rest.post("/api/v1/transactions", "{\"hex\":\"0000000000\"}");
      assertEquals(413, reply.status());
      assertEquals("too-large", reply.code());
    }
  }
}

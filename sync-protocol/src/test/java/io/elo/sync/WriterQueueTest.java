package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class WriterQueueTest {
  private static final Consumer<Throwable> NO_FATAL =
      e -> {
        throw new AssertionError("unexpected fatal error", e);
      };

  /** An executor that runs tasks only when told, like a busy writer thread. */
  private static final class Manual implements java.util.concurrent.Executor {
    final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable command) {
      tasks.add(command);
    }

    void runAll() {
      while (!tasks.isEmpty()) {
        tasks.poll().run();
      }
    }
  }

  private static WriterQueue.Job job(List<String> log, String name, long bytes) {
    return new WriterQueue.Job() {
      @Override
      public long bytes() {
        return bytes;
      }

      @Override
      public void run() {
        log.add("run " + name);
      }

      @Override
      public void cancel() {
        log.add("cancel " + name);
      }
    };
  }

  @Test
  void jobsRunInOrder_onTheExecutor_neverOnTheCaller() {
    Manual executor = new Manual();
    WriterQueue queue = new WriterQueue(executor, 100, 1000, NO_FATAL);
    List<String> log = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      assertTrue(queue.offer(job(log, "" + i, 1)));
    }
    assertTrue(log.isEmpty(), "offer never runs a job");
    executor.runAll();
    assertEquals(40, log.size());
    assertEquals("run 0", log.get(0));
    assertEquals("run 39", log.get(39));
    assertEquals(0, queue.size());
  }

  @Test
  void offer_refusesAtTheCountAndByteBounds() {
    Manual executor = new Manual();
    List<String> log = new ArrayList<>();
    WriterQueue byCount = new WriterQueue(executor, 2, 1000, NO_FATAL);
    assertTrue(byCount.offer(job(log, "a", 1)));
    assertTrue(byCount.offer(job(log, "b", 1)));
    assertFalse(byCount.offer(job(log, "c", 1)));
    WriterQueue byBytes = new WriterQueue(executor, 100, 10, NO_FATAL);
    assertTrue(byBytes.offer(job(log, "d", 6)));
    assertFalse(byBytes.offer(job(log, "e", 6)));
    executor.runAll();
    assertEquals(List.of("run a", "run b", "run d"), log);
    assertTrue(byBytes.offer(job(log, "e", 6)), "room again once drained");
  }

  @Test
  void close_cancelsWaitingJobs_andRefusesNewOnes() {
    Manual executor = new Manual();
    WriterQueue queue = new WriterQueue(executor, 10, 100, NO_FATAL);
    List<String> log = new ArrayList<>();
    queue.offer(job(log, "a", 1));
    queue.close();
    assertFalse(queue.offer(job(log, "b", 1)));
    executor.runAll();
    assertEquals(List.of("cancel a"), log);
  }

  @Test
  void jobThrowingAnException_isLogged_andTheQueueGoesOn() {
    Manual executor = new Manual();
    WriterQueue queue = new WriterQueue(executor, 10, 100, NO_FATAL);
    List<String> log = new ArrayList<>();
    queue.offer(failing(new IllegalStateException("test job")));
    queue.offer(job(log, "a", 1));
    executor.runAll();
    assertEquals(List.of("run a"), log);
    assertTrue(queue.offer(job(log, "b", 1)));
  }

  @Test
  void jobThrowingAnError_closesTheQueue_cancelsTheRest_andIsReportedOnce() {
    Manual executor = new Manual();
    List<Throwable> fatal = new ArrayList<>();
    WriterQueue queue = new WriterQueue(executor, 10, 100, fatal::add);
    List<String> log = new ArrayList<>();
    Error error = new InternalError("test job");
    queue.offer(job(log, "a", 1));
    queue.offer(failing(error));
    queue.offer(job(log, "b", 1));
    executor.runAll();
    assertEquals(List.of("run a", "cancel b"), log);
    assertEquals(List.of(error), fatal);
    assertFalse(queue.offer(job(log, "c", 1)), "a queue whose writer failed takes no more work");
    executor.runAll();
    assertEquals(1, fatal.size());
  }

  private static WriterQueue.Job failing(Throwable failure) {
    return new WriterQueue.Job() {
      @Override
      public long bytes() {
        return 1;
      }

      @Override
      public void run() {
        if (failure instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) failure;
      }

      @Override
      public void cancel() {}
    };
  }
}

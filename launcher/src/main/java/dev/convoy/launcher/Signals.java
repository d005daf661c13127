package dev.convoy.launcher;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a graceful shutdown instead of ending the JVM: the launcher must outlive
 * its guest's shutdown and leave no QEMU process behind. ({@code sun.misc.Signal} is the JDK's
 * supported way to replace the default handler; shutdown hooks cannot delay exit long enough.)
 */
final class Signals {
  private Signals() {}

  static void onTerminate(Runnable action) {
    Signal.handle(new Signal("TERM"), signal -> action.run());
    Signal.handle(new Signal("INT"), signal -> action.run());
  }
}

// Busy.java -- a small Java program whose thread dumps (jstack) are the
// test inputs testdata/text/jstack-*.txt: threads that run, wait, sleep,
// block on a monitor and wait in a socket accept.
import java.net.ServerSocket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

public class Busy {
	static final Object lock = new Object();
	static volatile long sink;

	static long spin(long n) {
		long x = 0;
		for (long i = 0; i < n; i++)
			x += i ^ (x >>> 3);
		return x;
	}

	static void burn() {
		for (;;)
			sink += spin(1_000_000);
	}

	public static void main(String[] args) throws Exception {
		Thread hot = new Thread(Busy::burn, "hot-loop");
		hot.start();
		Thread holder = new Thread(() -> {
			synchronized (lock) {
				burn();
			}
		}, "lock-holder");
		holder.start();
		Thread.sleep(100);
		new Thread(() -> {
			synchronized (lock) {
				sink++;
			}
		}, "lock-waiter").start();
		ExecutorService pool = Executors.newFixedThreadPool(3);
		for (int i = 0; i < 3; i++)
			pool.submit(Busy::burn);
		Thread net = new Thread(() -> {
			try (ServerSocket s = new ServerSocket(0)) {
				s.accept();
			} catch (Exception e) {
				throw new RuntimeException(e);
			}
		}, "acceptor");
		net.setDaemon(true);
		net.start();
		new Thread(() -> {
			try {
				Thread.sleep(3_600_000);
			} catch (InterruptedException e) {
				return;
			}
		}, "sleeper-7").start();
		System.out.println("ready");
		System.out.flush();
		hot.join();
	}
}

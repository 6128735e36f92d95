package io.flushmanager.child;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The few libc calls Java lacks, through JNA: {@code kill(2)} to a PID or a whole process
 * group, {@code prctl(PR_SET_CHILD_SUBREAPER)} and {@code waitpid(2)} on one PID. Loaded
 * once per JVM; where JNA or libc cannot be loaded, {@link #get()} is {@code null}
 * (logged once) and callers fall back.
 */
final class Posix {

	private static final Log logger = LogFactory.getLog(Posix.class);

	static final int SIGKILL = 9;

	private static final int ESRCH = 3;

	private static final int PR_SET_CHILD_SUBREAPER = 36;

	private static final int WNOHANG = 1;

	private static final @Nullable Posix INSTANCE = load();

	private final LibC libc;

	private Posix(LibC libc) {
		this.libc = libc;
	}

	/**
	 * The native calls, or {@code null} when they cannot be had here.
	 * @return the instance or {@code null}
	 */
	static @Nullable Posix get() {
		return INSTANCE;
	}

	/**
	 * Send a signal.
	 * @param pid a PID, or a negative process group ID for the whole group
	 * @param signal the signal number
	 * @return {@code true} if sent, {@code false} if no such process or group (ESRCH)
	 * @throws LastErrorException on any other error, such as EPERM
	 */
	boolean kill(long pid, int signal) {
		try {
			this.libc.kill(Math.toIntExact(pid), signal);
			return true;
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == ESRCH) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Make this process the reaper of its orphaned descendants (Linux 3.4+).
	 * @return {@code true} if it now is
	 */
	boolean becomeSubreaper() {
		try {
			return this.libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
		}
		catch (LastErrorException ex) {
			logger.debug("prctl(PR_SET_CHILD_SUBREAPER) failed: errno " + ex.getErrorCode());
			return false;
		}
	}

	/**
	 * Reap one exited child of this process, without waiting. Only for PIDs Java did not
	 * spawn: Java's reaper waits for each process it spawned by PID and would lose that
	 * one's exit status.
	 * @param pid the child
	 * @return {@code true} if it was reaped
	 */
	boolean reap(long pid) {
		try {
			return this.libc.waitpid(Math.toIntExact(pid), new int[1], WNOHANG) == pid;
		}
		catch (LastErrorException ex) {
			// ECHILD: not ours (any more).
			return false;
		}
	}

	private static @Nullable Posix load() {
		try {
			return new Posix(Native.load("c", LibC.class));
		}
		catch (Throwable ex) {
			logger.warn("Native calls (JNA) are not available (" + ex + "): signals go through the shell's kill, "
					+ "and orphaned descendants of the child (setsid and double fork) are not found; see HELP.md, "
					+ "\"Containment\"");
			return null;
		}
	}

	/** libc as JNA binds it; errno comes back as {@link LastErrorException}. */
	interface LibC extends Library {

		int kill(int pid, int signal) throws LastErrorException;

		int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

		int waitpid(int pid, int[] status, int options) throws LastErrorException;

	}

}

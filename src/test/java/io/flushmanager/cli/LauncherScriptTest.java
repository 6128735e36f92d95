package io.flushmanager.cli;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/flush-manager} as the image lays it out ({@code /app} with the jar and
 * its argfiles, a symlink on PATH), run with a stand-in jar whose main prints what it was
 * given.
 */
class LauncherScriptTest {

	@TempDir
	Path dir;

	@Test
	void execsJavaWithTheArgfilesThenJavaOptsAndPassesArgumentsVerbatim() throws Exception {
		Path app = Files.createDirectories(this.dir.resolve("app"));
		Path bin = Files.createDirectories(this.dir.resolve("bin"));
		Files.copy(Path.of("scripts/flush-manager"), app.resolve("flush-manager"), StandardCopyOption.COPY_ATTRIBUTES);
		Files.createSymbolicLink(bin.resolve("flush-manager"), app.resolve("flush-manager"));
		standInJar(app.resolve("flush-manager.jar"));
		Files.writeString(app.resolve("jvm.args"), "# as image/jvm.args\n-Dfm.order=argfile\n-Dfm.jvm=yes\n");

		List<String> args = List.of("--watch", "a b.conf", "--", "sh", "-c", "a,b", "${HOME}", "two words", "");
		Run run = run(bin.resolve("flush-manager"), args, Map.of("JAVA_OPTS", "-Dfm.order=opts -Dfm.glob=*"));
		assertThat(run.exitCode()).as(run.output()).isZero();
		List<String> printed = List.of(run.output().split("\0", -1));
		// exec: the JVM is the test's own child, no shell left in between.
		assertThat(printed.get(0)).isEqualTo(Long.toString(ProcessHandle.current().pid()));
		assertThat(printed.subList(1, 4)).containsExactly("opts", "yes", "*");
		assertThat(printed.subList(4, printed.size() - 1)).containsExactlyElementsOf(args);
	}

	@Test
	void saysWhereItLookedWhenThereIsNoJar() throws Exception {
		Path app = Files.createDirectories(this.dir.resolve("lonely"));
		Files.copy(Path.of("scripts/flush-manager"), app.resolve("flush-manager"), StandardCopyOption.COPY_ATTRIBUTES);
		Run run = run(app.resolve("flush-manager"), List.of("--help"), Map.of());
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.output()).startsWith("flush-manager: no flush-manager.jar beside ");
		Run named = run(app.resolve("flush-manager"), List.of("--help"), Map.of("FLUSH_MANAGER_JAR", "/no/such.jar"));
		assertThat(named.exitCode()).isEqualTo(2);
		assertThat(named.output()).isEqualTo("flush-manager: FLUSH_MANAGER_JAR=/no/such.jar is not a file\n");
	}

	/**
	 * A jar with only a manifest: its main class is {@link ArgvPrinter}, found through
	 * the test classpath.
	 */
	private static void standInJar(Path jar) throws Exception {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ArgvPrinter.class.getName());
		String testClasses = Path.of(ArgvPrinter.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.toUri()
			.toString();
		manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses);
		try (OutputStream out = Files.newOutputStream(jar);
				JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
			jarOut.flush();
		}
	}

	private static Run run(Path script, List<String> args, Map<String, String> env) throws Exception {
		List<String> command = new ArrayList<>(List.of(script.toString()));
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("JAVA_OPTS");
		builder.environment().remove("FLUSH_MANAGER_JAR");
		builder.environment().putAll(env);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Run(process.exitValue(), output);
	}

	private record Run(int exitCode, String output) {

	}

	/**
	 * Prints its parent's PID, three properties and its arguments, each followed by a
	 * NUL.
	 */
	public static final class ArgvPrinter {

		public static void main(String[] args) {
			StringBuilder out = new StringBuilder();
			out.append(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L)).append('\0');
			for (String name : List.of("fm.order", "fm.jvm", "fm.glob")) {
				out.append(System.getProperty(name)).append('\0');
			}
			for (String arg : args) {
				out.append(arg).append('\0');
			}
			System.out.print(out);
			System.out.flush();
		}

	}

}

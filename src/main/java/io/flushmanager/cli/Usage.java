package io.flushmanager.cli;

/**
 * The text of {@code --help} and {@code --version}.
 */
public final class Usage {

	static final String TEXT = """
			Usage: flush-manager --watch FILE [--watch FILE]... [--debounce 500ms]
			                     [--reload restart|signal:HUP|http:URL] [--port 8080] -- COMMAND [ARGS...]
			       java -jar flush-manager.jar (the same options)

			Starts COMMAND, watches each FILE (ConfigMap symlink swaps included) and reloads COMMAND when
			the content of a file really changed. Serves its state, probes and metrics over HTTP.

			Options:
			  --watch FILE      a config file to watch; repeat for more     flush-manager.watch.files
			  --debounce TIME   quiet period after the last change before   flush-manager.watch.debounce
			                    reloading: 100ms, 2s, 1m (default 500ms)
			  --reload HOW      restart      stop the child, then start it (the default)
			                    signal:SIG   send SIG to the child: HUP, SIGHUP or hup, also TERM, INT,
			                                 QUIT, USR1, USR2 (signal alone means HUP)
			                    http:URL     call URL (POST; 2xx is success)
			                                                                flush-manager.reload.strategy,
			                                                                .signal, .url
			  --port PORT       HTTP port of the API, probes and actuator   server.port (default 8080)
			  -- COMMAND [ARGS...]
			                    the child's command line, passed exactly as given: no comma splitting,
			                    no ${...} expansion, spaces and empty arguments kept
			                                                                flush-manager.child.command, .args
			  -h, --help        print this help and exit
			  --version         print the version and exit

			These options win over every other property source: application.yaml, environment variables
			and Spring-style arguments. Any property can still be given Spring-style before --, such as
			--spring.profiles.active=demo, --flush-manager.child.stop-timeout=30s or
			--logging.level.io.flushmanager=DEBUG (HELP.md lists them all).

			Examples:
			  flush-manager --watch /etc/exporter/exporter.conf -- redis_exporter --config /etc/exporter/exporter.conf
			  flush-manager --watch conf/nginx.conf --reload signal:HUP --port 9090 -- nginx -g 'daemon off;'

			Exit codes: 2 for a bad command line, 1 for an invalid configuration (explained before exiting).
			Runbook: HELP.md
			""";

	private Usage() {
	}

	/**
	 * The usage text.
	 * @return the text, ending with a newline
	 */
	public static String text() {
		return TEXT;
	}

	/**
	 * The version: the jar manifest's {@code Implementation-Version}, or {@code dev}
	 * outside a built jar.
	 * @return the version
	 */
	public static String version() {
		String version = Usage.class.getPackage().getImplementationVersion();
		return (version != null && !version.isBlank()) ? version : "dev";
	}

}

package io.flushmanager.source;

import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outside a cluster the API source's client reads a kubeconfig, and fabric8 parses it
 * with Jackson 2's YAML module: leaving that module out of the runtime (it saves ~430
 * classes at every start) breaks this with {@code NoClassDefFoundError: YAMLFactory}.
 */
class KubeconfigParsingTest {

	@Test
	void aKubeconfigIsReadWithTheRuntimeClasspath() {
		String kubeconfig = """
				apiVersion: v1
				kind: Config
				clusters:
				- cluster:
				    server: https://10.0.0.1:6443
				  name: c
				contexts:
				- context:
				    cluster: c
				    namespace: shop
				    user: u
				  name: x
				current-context: x
				users:
				- name: u
				  user:
				    token: not-a-secret
				""";
		Config config = Config.fromKubeconfig(kubeconfig);
		assertThat(config.getMasterUrl()).startsWith("https://10.0.0.1:6443");
		assertThat(config.getNamespace()).isEqualTo("shop");
	}

}

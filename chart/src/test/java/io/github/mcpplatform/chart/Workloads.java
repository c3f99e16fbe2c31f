package io.github.mcpplatform.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** The pods a rendering would run, whatever object holds them. */
final class Workloads {

	private Workloads() {
	}

	record Workload(String kind, String name, Map<String, String> labels, PodSpec spec) {
	}

	static List<Workload> all(Rendered rendered) {
		List<Workload> workloads = new ArrayList<>();
		for (Deployment d : rendered.all(Deployment.class)) {
			workloads.add(new Workload("Deployment", d.getMetadata().getName(),
					d.getSpec().getTemplate().getMetadata().getLabels(), d.getSpec().getTemplate().getSpec()));
		}
		for (StatefulSet s : rendered.all(StatefulSet.class)) {
			workloads.add(new Workload("StatefulSet", s.getMetadata().getName(),
					s.getSpec().getTemplate().getMetadata().getLabels(), s.getSpec().getTemplate().getSpec()));
		}
		for (Pod p : rendered.all(Pod.class)) {
			workloads.add(new Workload("Pod", p.getMetadata().getName(), p.getMetadata().getLabels(), p.getSpec()));
		}
		return workloads;
	}

	static PodSpec pod(Rendered rendered, String component) {
		return rendered.get(Deployment.class, Rendered.name(component)).getSpec().getTemplate().getSpec();
	}

	static Container container(Rendered rendered, String component) {
		return pod(rendered, component).getContainers().get(0);
	}

}

package org.fwsim.firmware.config;

import java.util.List;

/** Effective configuration of one VDOM (in no-vdom mode: the root VDOM holds everything). */
public record VdomConfig(
    String name,
    List<StaticRouteConfig> staticRoutes,
    VpnCertificateSetting certificateSetting,
    List<CertificateLocalConfig> localCertificates,
    List<CertificateCaConfig> caCertificates,
    List<CertificateCrlConfig> crls,
    SdwanConfig sdwan) {
  public VdomConfig {
    staticRoutes = List.copyOf(staticRoutes);
    localCertificates = List.copyOf(localCertificates);
    caCertificates = List.copyOf(caCertificates);
    crls = List.copyOf(crls);
  }
}

package io.konsil.fhir.servicerequest;

import io.konsil.common.audit.AuditAction;
import io.konsil.common.token.Caller;
import io.konsil.fhir.error.FhirError;
import io.konsil.fhir.search.FhirResource;
import io.konsil.fhir.search.SearchParam;
import io.konsil.fhir.search.SearchParameters;
import io.konsil.fhir.search.SearchResult;
import io.konsil.scheduler.audit.Access;
import io.konsil.scheduler.audit.AccessRecorder;
import io.konsil.scheduler.network.NetworkStore;
import io.konsil.scheduler.referral.ReferralService;
import io.konsil.scheduler.secondopinion.SecondOpinionService;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;

/**
 * Referrals and second opinions, each seen by whom the referral and second-opinion services let see it (the same
 * lists and the same 404 as /api/v1). Read-only: they are written through /api/v1. Reads and the page a search
 * returns are in the audit trail as /api/v1's are ({@code referral.read}/{@code .list}, {@code second-opinion.read}/
 * {@code .list}), through the {@code fhir} door.
 */
public final class ServiceRequestResource implements FhirResource {
  private static final String SECOND_OPINION_PREFIX = "so-";
  private final ReferralService referrals;
  private final SecondOpinionService secondOpinions;
  private final NetworkStore network;
  private final AccessRecorder audit;

  public ServiceRequestResource(ReferralService referrals, SecondOpinionService secondOpinions, NetworkStore network,
                                AccessRecorder audit) {
    this.audit = audit;
    this.referrals = referrals;
    this.secondOpinions = secondOpinions;
    this.network = network;
  }

  @Override
  public String type() {
    return "ServiceRequest";
  }

  @Override
  public List<SearchParam> searchParams() {
    return List.of(
        new SearchParam("subject", SearchParamType.REFERENCE, "Patient/ID"),
        new SearchParam("requester", SearchParamType.REFERENCE, "Practitioner/ID: who referred or asked"),
        new SearchParam("performer", SearchParamType.REFERENCE, "Practitioner/ID or Organization/CODE"),
        new SearchParam("status", SearchParamType.TOKEN, "active | completed | revoked"));
  }

  @Override
  public Future<ServiceRequest> read(Caller caller, String id) {
    if (id.startsWith(SECOND_OPINION_PREFIX)) {
      return audit.after(secondOpinions.visible(caller, id), caller, AuditAction.SECOND_OPINION_READ,
          so -> List.of(Access.of(caller, so))).compose(so -> network.specialties()
          .map(s -> ServiceRequestMapping.secondOpinion(so, s)));
    }
    return audit.after(referrals.visible(caller, id), caller, AuditAction.REFERRAL_READ,
        r -> List.of(Access.of(caller, r))).compose(r -> network.specialties()
        .map(s -> ServiceRequestMapping.referral(r, s)));
  }

  @Override
  public Future<SearchResult> search(Caller caller, SearchParameters params) {
    List<String> subjects = params.anyOf("subject").stream()
        .map(v -> SearchParameters.reference("subject", v, "Patient")).toList();
    List<String> requesters = params.anyOf("requester").stream()
        .map(v -> SearchParameters.reference("requester", v, "Practitioner")).toList();
    List<String> performers = params.anyOf("performer").stream().map(ServiceRequestResource::performer).toList();
    Set<ServiceRequestStatus> statuses = params.anyOf("status").stream().map(v -> {
      try {
        return ServiceRequestStatus.fromCode(SearchParameters.token(v).code());
      } catch (Exception e) {
        throw FhirError.INVALID_REQUEST.error("Unknown ServiceRequest status '" + v + "'");
      }
    }).collect(Collectors.toSet());
    return network.specialties().compose(specialties -> referrals.list(caller).compose(rs ->
        secondOpinions.list(caller).compose(sos -> {
          List<ServiceRequest> all = new ArrayList<>();
          java.util.Map<String, Access> referred = new java.util.HashMap<>();
          java.util.Map<String, Access> asked = new java.util.HashMap<>();
          rs.forEach(r -> {
            all.add(ServiceRequestMapping.referral(r, specialties));
            referred.put(r.id(), Access.of(caller, r));
          });
          sos.forEach(so -> {
            all.add(ServiceRequestMapping.secondOpinion(so, specialties));
            asked.put(so.id(), Access.of(caller, so));
          });
          SearchResult page = SearchResult.page(all.stream()
              .filter(sr -> subjects.isEmpty() || subjects.contains(idOf(sr.getSubject(), "Patient")))
              .filter(sr -> requesters.isEmpty() || requesters.contains(idOf(sr.getRequester(), "Practitioner")))
              .filter(sr -> performers.isEmpty() || sr.getPerformer().stream()
                  .anyMatch(p -> performers.contains(p.getReference())))
              .filter(sr -> statuses.isEmpty() || statuses.contains(sr.getStatus()))
              .sorted(Comparator.comparing(ServiceRequest::getAuthoredOn).reversed()
                  .thenComparing(sr -> sr.getIdElement().getIdPart()))
              .toList(), params);
          List<String> shown = page.items().stream().map(sr -> sr.getIdElement().getIdPart()).toList();
          return audit.record(caller, AuditAction.REFERRAL_LIST, shown.stream().map(referred::get)
                  .filter(java.util.Objects::nonNull).toList())
              .compose(v -> audit.record(caller, AuditAction.SECOND_OPINION_LIST, shown.stream().map(asked::get)
                  .filter(java.util.Objects::nonNull).toList()))
              .map(page);
        })));
  }

  /** A performer value as the reference it must equal: {@code Practitioner/ID} or {@code Organization/CODE}. */
  private static String performer(String value) {
    String v = value.contains("/") ? value.substring(value.lastIndexOf('/', value.lastIndexOf('/') - 1) + 1) : value;
    if (!v.startsWith("Practitioner/") && !v.startsWith("Organization/")) {
      throw FhirError.INVALID_REQUEST.error("performer is Practitioner/ID or Organization/CODE");
    }
    return v;
  }

  private static String idOf(Reference ref, String type) {
    return ref.hasReference() && type.equals(ref.getReferenceElement().getResourceType())
        ? ref.getReferenceElement().getIdPart() : null;
  }
}

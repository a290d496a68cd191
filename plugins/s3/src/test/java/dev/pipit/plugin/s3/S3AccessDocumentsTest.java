package dev.pipit.plugin.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.spi.connector.AccessDocument;
import dev.pipit.spi.connector.AccessRequest;
import dev.pipit.spi.connector.AccessRequest.Access;
import dev.pipit.spi.connector.StoreOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class S3AccessDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRINCIPAL = "arn:aws:iam::222222222222:role/pipit";

    @Test
    void aReadPolicyAllowsListingAndGettingTheBucketsObjectsOnly() throws Exception {
        List<AccessDocument> documents = S3ConnectorFactory.withKeys()
                .accessDocuments(new AccessRequest("acme-landing", Access.READ, Map.of(), PRINCIPAL));

        assertThat(documents).extracting(AccessDocument::title).containsExactly("Access policy (attach it to the role)");
        JsonNode access = JSON.readTree(documents.get(0).text());
        assertThat(access.get("Version").asText()).isEqualTo("2012-10-17");
        assertThat(access.at("/Statement/0/Action")).extracting(JsonNode::asText)
                .containsExactly("s3:GetObject", "s3:ListBucket");
        assertThat(access.at("/Statement/0/Resource")).extracting(JsonNode::asText)
                .containsExactly("arn:aws:s3:::acme-landing", "arn:aws:s3:::acme-landing/*");
        assertThat(access.at("/Statement/1/Action")).extracting(JsonNode::asText)
                .containsExactly("s3:ListAllMyBuckets");
        assertThat(access.at("/Statement/1/Resource").asText()).isEqualTo("*");
    }

    @Test
    void aWritePolicyAddsWhatAnUploadNeeds() throws Exception {
        AccessDocument access = S3ConnectorFactory.withKeys()
                .accessDocuments(new AccessRequest("acme-exports", Access.WRITE, Map.of(), PRINCIPAL)).get(0);

        assertThat(actions(JSON.readTree(access.text()))).containsExactly("s3:GetObject", "s3:ListBucket",
                "s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
                "s3:ListAllMyBuckets");
    }

    /** IMPORT_AFTER_IMPORT: a delete needs DeleteObject; a move's copy writes the target, so PutObject too. */
    @Test
    void afterImportActionsAddDeleteObjectAndForAMovePutObject() throws Exception {
        AccessDocument delete = S3ConnectorFactory.withKeys().accessDocuments(new AccessRequest("acme-landing",
                Access.READ, Map.of(), PRINCIPAL, Set.of(StoreOperation.DELETE), null)).get(0);
        AccessDocument move = S3ConnectorFactory.withKeys().accessDocuments(new AccessRequest("acme-landing",
                Access.READ, Map.of(), PRINCIPAL, Set.of(StoreOperation.COPY, StoreOperation.DELETE), null)).get(0);
        AccessDocument writeAndMove = S3ConnectorFactory.withKeys().accessDocuments(new AccessRequest("acme-landing",
                Access.WRITE, Map.of(), PRINCIPAL, Set.of(StoreOperation.COPY, StoreOperation.DELETE), null)).get(0);

        assertThat(actions(JSON.readTree(delete.text()))).containsExactly("s3:GetObject", "s3:ListBucket",
                "s3:DeleteObject", "s3:ListAllMyBuckets");
        assertThat(actions(JSON.readTree(move.text()))).containsExactly("s3:GetObject", "s3:ListBucket",
                "s3:DeleteObject", "s3:PutObject", "s3:ListAllMyBuckets");
        assertThat(actions(JSON.readTree(writeAndMove.text()))).containsExactly("s3:GetObject", "s3:ListBucket",
                "s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
                "s3:DeleteObject", "s3:ListAllMyBuckets");
    }

    @Test
    void aRoleAlsoGetsATrustPolicyThatDemandsItsExternalId() throws Exception {
        List<AccessDocument> documents = S3ConnectorFactory.withRole().accessDocuments(new AccessRequest(
                "acme-landing", Access.READ, Map.of("S3_EXTERNAL_ID", "ext-42", "S3_REGION", "eu-west-1"), PRINCIPAL));

        assertThat(documents).extracting(AccessDocument::title).containsExactly("Access policy (attach it to the role)",
                "Trust policy (the role's trust relationship; replace the principal with the identity Pipit runs as)");
        JsonNode trust = JSON.readTree(documents.get(1).text());
        assertThat(trust.at("/Statement/0/Effect").asText()).isEqualTo("Allow");
        assertThat(trust.at("/Statement/0/Principal/AWS").asText()).isEqualTo(PRINCIPAL);
        assertThat(trust.at("/Statement/0/Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(trust.at("/Statement/0/Condition/StringEquals/sts:ExternalId").asText()).isEqualTo("ext-42");
    }

    @Test
    void aRoleWithoutAnExternalIdHasNoTrustPolicyToOffer() {
        assertThatThrownBy(() -> S3ConnectorFactory.withRole()
                .accessDocuments(new AccessRequest("acme-landing", Access.READ, Map.of(), PRINCIPAL)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("S3_EXTERNAL_ID");
    }

    @Test
    void theReadPermissionsPointARoleAtItsPolicy() {
        assertThat(S3ConnectorFactory.withKeys().readPermissions())
                .isEqualTo("s3:ListBucket on the bucket and s3:GetObject on its objects");
        assertThat(S3ConnectorFactory.withRole().readPermissions()).startsWith("s3:ListBucket on the bucket")
                .contains("--policy read --bucket B");
    }

    private static List<String> actions(JsonNode policy) {
        List<String> actions = new ArrayList<>();
        policy.get("Statement").forEach(statement -> statement.get("Action").forEach(action -> actions.add(action.asText())));
        return actions;
    }
}

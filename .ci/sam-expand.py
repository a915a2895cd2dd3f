"""Deploy rehearsal without an AWS account: expands infrastructure/template.yaml the way CloudFormation would.

CloudFormation first runs AWS::Include (the OpenAPI document into the API's DefinitionBody), then the SAM transform.
Here the include is inlined, local CodeUri/DefinitionUri paths become the S3 locations `sam package` would upload
to (the ASL is inlined as Definition), and the SAM translator (the library behind the transform, aws-sam-translator)
turns the template into plain CloudFormation, written as JSON for cfn-lint and checkov.

usage: python .ci/sam-expand.py infrastructure/template.yaml OUT.json
"""
import json
import os
import sys

from cfnlint.decode import decode
from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader
from samtranslator.translator.transform import transform


class NoIam(ManagedPolicyLoader):
    """The transform looks managed policies up by name only when a template names one; this one names none."""

    def __init__(self):
        pass

    def load(self):
        return {}


def plain(node):
    """cfn-lint's decoded nodes (str_node, dict_node …) as plain Python values."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def load(path):
    template, matches = decode(path)
    if matches:
        sys.exit("\n".join(str(m) for m in matches))
    return plain(template)


def main(source, target):
    base = os.path.dirname(os.path.abspath(source))
    template = load(source)
    template.get("Globals", {}).get("Function", {})["CodeUri"] = "s3://rehearsal-artifacts/functions.zip"
    for name, resource in template["Resources"].items():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::Serverless::Function" and "CodeUri" in props:
            props["CodeUri"] = "s3://rehearsal-artifacts/functions.zip"
        if resource["Type"] == "AWS::Serverless::StateMachine" and "DefinitionUri" in props:
            with open(os.path.join(base, props.pop("DefinitionUri"))) as asl:
                props["Definition"] = json.load(asl)
        body = props.get("DefinitionBody", {})
        if resource["Type"] == "AWS::Serverless::Api" and "Fn::Transform" in body:
            include = body["Fn::Transform"]
            assert include["Name"] == "AWS::Include", name
            props["DefinitionBody"] = load(os.path.join(base, include["Parameters"]["Location"]))
    expanded = transform(template, {}, NoIam())
    with open(target, "w") as out:
        json.dump(expanded, out, indent=1, sort_keys=True)
    kinds = {}
    for resource in expanded["Resources"].values():
        kinds[resource["Type"]] = kinds.get(resource["Type"], 0) + 1
    print(f"expanded {source}: {len(expanded['Resources'])} resources "
          + ", ".join(f"{n} {t}" for t, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:6]) + " …")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

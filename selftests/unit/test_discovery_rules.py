"""The rules that decide whether a discovery document is the endpoint's own."""

from lxdstack.discovery import Advertised, base_url, candidate_urls, problems_with

COMPUTE = [Advertised("v2.0", "supported", "http://h/compute/v2/"),
           Advertised("v2.1", "current", "http://h/compute/v2.1/")]


def test_base_url_drops_project_and_version():
    assert base_url("http://h:1/volume/v3/abc123", "abc123") == "http://h:1/volume"
    assert base_url("http://h:5000/v3", None) == "http://h:5000/"
    assert base_url("http://h/image", "p") == "http://h/image"


def test_candidates_are_versioned_url_then_root():
    assert candidate_urls("http://h/volume/v3/p1", "p1") == ["http://h/volume/v3", "http://h/volume"]
    assert candidate_urls("http://h/network", "p1") == ["http://h/network"]


def test_own_document_has_no_problems():
    assert problems_with(COMPUTE, ("v2.1",), "http://h/compute") == []


def test_another_services_document_is_caught_by_its_links():
    problems = problems_with(COMPUTE, ("v2.0",), "http://h/network")
    assert problems == ["links lead away from http://h/network: http://h/compute/v2.1/, http://h/compute/v2/"]


def test_missing_version_is_named():
    problems = problems_with([Advertised("v2.0", "deprecated", "http://h/identity/v2.0/")], ("v3",),
                             "http://h/identity")
    assert problems == ["does not offer v3 (lists: v2.0 deprecated)"]


def test_major_version_matches_any_minor():
    image = [Advertised("v2.4", "current", "http://h/image/v2/")]
    assert problems_with(image, ("v2",), "http://h/image") == []
    assert problems_with(image, ("v2.1",), "http://h/image") != []

import copy
import tomllib

import pytest

from ivi.bootstrap import load_catalog
from ivi.core.catalog import Catalog, Processing
from ivi.core.errors import InvalidCatalog, UnknownFeature
from ivi.core.ways_out import WAYS_OUT
from ivi.i18n.translator import Translator
from ivi.paths import CATALOG_FILE

RAW = tomllib.loads(CATALOG_FILE.read_text(encoding="utf-8"))


def variant(**changes_to_fatigue_alert) -> dict:
    data = copy.deepcopy(RAW)
    feature = next(f for f in data["feature"] if f["id"] == "fatigue_alert")
    feature.update(changes_to_fatigue_alert)
    return data


# The catalog table of docs/architecture.md: feature -> (categories, purpose, processing, consent).
DESIGN_TABLE = {
    "fatigue_alert": (["face_biometric"], "driving_safety", "in_car", "separate"),
    "health_alert": (["heart_rate"], "driving_safety", "in_car", "separate"),
    "voice_assistant": (["cabin_audio"], "voice_control", "in_car", "separate"),
    "cloud_voice": (["cabin_audio"], "cloud_voice_recognition", "leaves_car", "separate"),
    "remote_cabin_view": (["cabin_video"], "remote_cabin_view", "leaves_car", "separate"),
    "navigation": (["location"], "navigation", "in_car", "separate"),
    "traffic_services": (["location"], "live_traffic", "leaves_car", "separate"),
    "eco_driving": (["driving_habits"], "driving_score", "leaves_car", "consent"),
    "sentry_upload": (["exterior_video"], "incident_clips", "leaves_car", "consent"),
    "adas_perception": (["exterior_video"], "driving_safety", "in_car", "none"),
}
DESIGN_CATEGORIES = {
    "cabin_video", "face_biometric", "cabin_audio", "voiceprint", "heart_rate",
    "location", "driving_habits", "exterior_video", "vehicle_status",
}  # fmt: skip


def test_the_shipped_catalog_is_the_design_table():
    catalog = load_catalog()
    shipped = {
        f.id: (list(f.categories), f.purpose.value, f.processing.value, f.consent.value)
        for f in catalog.features.values()
    }
    assert shipped == DESIGN_TABLE
    assert set(catalog.categories) == DESIGN_CATEGORIES
    assert catalog.categories["vehicle_status"].personal is False
    # Sensitive per docs/requirements.md: trajectory, audio, video, images, biometrics.
    sensitive = {c.id for c in catalog.categories.values() if c.sensitive}
    assert sensitive == {"cabin_video", "face_biometric", "cabin_audio", "voiceprint", "heart_rate", "location"}
    assert {c.id for c in catalog.categories.values() if c.biometric} == {"face_biometric", "voiceprint", "heart_rate"}
    assert [f.id for f in catalog.features_using("driver_camera")] == ["fatigue_alert"]


def test_cn05_every_feature_has_the_seven_notice_items_and_a_retention():
    for feature in load_catalog().features.values():
        assert [item for item, _ in feature.notice_items] == [
            "collects", "when", "why", "storage", "access", "contact", "other",
        ]  # fmt: skip
        assert all(text.strip() for _, text in feature.notice_items)
        assert feature.retention_days >= 0


def test_each_summary_says_whether_the_data_leaves_the_car_as_the_facts_do():
    # The notice's first layer must not contradict the facts behind the seven items.
    for feature in load_catalog().features.values():
        leaves = feature.processing is Processing.LEAVES_CAR
        assert ("mainland China" in feature.summary) == leaves, feature.id
        assert ("Stays in the car" in feature.summary) == (not leaves), feature.id
        assert ("nothing is kept" in feature.summary) == (feature.retention_days == 0 and not leaves), feature.id


def test_cn05_each_notice_names_its_kind_of_personal_information_in_the_required_words():
    catalog = load_catalog()
    assert sorted(k.name for k in catalog.kinds.values()) == sorted([
        "vehicle location and trajectory", "driving habits", "audio", "video", "images",
        "biometrics (face, voiceprint, fingerprint, heart rhythm)",
    ])  # fmt: skip
    for feature in catalog.features.values():
        kinds = {catalog.categories[c].kind for c in feature.categories}
        assert any(f"({catalog.kinds[k].name.split(' (')[0]})" in feature.collects for k in kinds), feature.id


def test_unknown_feature_names_the_known_ones():
    with pytest.raises(UnknownFeature, match="unknown feature 'selfie_upload' .*known: cloud_voice, eco_driving"):
        load_catalog().feature("selfie_upload")


def test_cn11_a_voiceprint_used_for_voice_control_is_rejected():
    data = copy.deepcopy(RAW)
    assistant = next(f for f in data["feature"] if f["id"] == "voice_assistant")
    assistant["categories"] = ["cabin_audio", "voiceprint"]
    with pytest.raises(InvalidCatalog, match="'voice_assistant': a biometric category may only be used for driving"):
        Catalog.from_dict(data)


def test_a_missing_notice_item_is_rejected_naming_the_entry():  # CN-05
    data = variant()
    del next(f for f in data["feature"] if f["id"] == "fatigue_alert")["access"]
    with pytest.raises(InvalidCatalog, match="'fatigue_alert': missing field 'access'"):
        Catalog.from_dict(data)


def test_a_broken_catalog_is_explained_in_the_readers_language(tmp_path):
    data = variant()
    del next(f for f in data["feature"] if f["id"] == "fatigue_alert")["access"]
    with pytest.raises(InvalidCatalog) as missing:
        Catalog.from_dict(data)
    assert missing.value.message.render(Translator("zh_CN")) == "功能目录条目“fatigue_alert”无效：缺少字段“access”"
    (tmp_path / "catalog.toml").write_text("[[feature]\n", encoding="utf-8")
    with pytest.raises(InvalidCatalog) as not_toml:
        load_catalog(tmp_path / "catalog.toml")
    assert "无效：不是有效的 TOML（" in not_toml.value.message.render(Translator("zh_CN"))


@pytest.mark.parametrize("days", [-1, 1.5, "30", True])
def test_a_retention_that_is_not_whole_days_is_rejected(days):
    with pytest.raises(InvalidCatalog, match="'fatigue_alert': retention_days must be a whole number"):
        Catalog.from_dict(variant(retention_days=days))


def test_a_category_of_an_unknown_kind_is_rejected():
    data = copy.deepcopy(RAW)
    next(c for c in data["category"] if c["id"] == "location")["kind"] = "secrets"
    with pytest.raises(InvalidCatalog, match="'location': kind 'secrets' is not one of"):
        Catalog.from_dict(data)


def test_biometric_for_anything_but_driving_safety_is_rejected():  # CN-11
    with pytest.raises(InvalidCatalog, match="fatigue_alert.*only be used for driving safety"):
        Catalog.from_dict(variant(purpose="navigation"))


def test_cn11_a_biometric_is_known_by_its_kind_not_by_a_flag_that_can_be_left_out():
    data = copy.deepcopy(RAW)
    data["category"].append(
        {"id": "fingerprint", "name": "fingerprint", "personal": True, "sensitive": True, "kind": "biometrics"}
    )  # no `biometric = true`: it is a biometric all the same
    assistant = next(f for f in data["feature"] if f["id"] == "voice_assistant")
    assistant["categories"] = ["cabin_audio", "fingerprint"]
    with pytest.raises(InvalidCatalog, match="'voice_assistant': a biometric category may only be used for driving"):
        Catalog.from_dict(data)


@pytest.mark.parametrize("durations", [7, "7d", None, [7], {"7d": True}])
def test_durations_that_are_not_a_list_of_names_are_rejected_in_one_line(durations):
    with pytest.raises(InvalidCatalog, match="'fatigue_alert': durations must be a list of names"):
        Catalog.from_dict(variant(durations=durations))


def test_duration_outside_the_allowed_set_is_rejected():  # CN-08
    with pytest.raises(InvalidCatalog, match="fatigue_alert.*'forever'"):
        Catalog.from_dict(variant(durations=["drive", "forever"]))


def test_unknown_category_is_rejected():
    with pytest.raises(InvalidCatalog, match="unknown data category 'retina'"):
        Catalog.from_dict(variant(categories=["retina"]))


@pytest.mark.parametrize("kind", ["feature", "category", "sensor", "kind"])
def test_duplicate_ids_are_rejected_naming_the_entry(kind):
    data = copy.deepcopy(RAW)
    data[kind].append(copy.deepcopy(data[kind][1]))
    with pytest.raises(InvalidCatalog, match=f"'{data[kind][1]['id']}': duplicate {kind} id"):
        Catalog.from_dict(data)


def test_sensitive_data_cannot_go_without_separate_consent():  # CN-07
    with pytest.raises(InvalidCatalog, match="sensitive data needs separate consent"):
        Catalog.from_dict(variant(consent="consent"))


def test_only_in_car_safety_functions_may_skip_consent():  # CN-06
    data = copy.deepcopy(RAW)
    navigation = next(f for f in data["feature"] if f["id"] == "navigation")
    navigation["consent"] = "none"
    with pytest.raises(InvalidCatalog, match="navigation.*without consent"):
        Catalog.from_dict(data)


def changed(feature_id: str, **changes) -> dict:
    data = copy.deepcopy(RAW)
    next(f for f in data["feature"] if f["id"] == feature_id).update(changes)
    return data


@pytest.mark.parametrize(
    ("feature_id", "changes", "message"),
    [
        # CN-02: cabin data leaves only for cloud voice, remote view, cloud storage or the law.
        ("voice_assistant", {"processing": "leaves_car", "endpoint": "cn-voice"}, "cabin data may not leave the car"),
        # Other personal data leaves only for traffic, a driving score or incident clips.
        ("navigation", {"processing": "leaves_car", "endpoint": "cn-traffic", "location_precision": "coarse"},
         "personal data may not leave the car for navigation"),
        # CN-13: a precise position never leaves the car.
        ("traffic_services", {"location_precision": "precise"}, "a precise location may not leave the car"),
        ("traffic_services", {"endpoint": "cn-nowhere"}, "names a known endpoint"),
        ("navigation", {"endpoint": "cn-traffic"}, "processed in the car has no endpoint"),
        ("navigation", {"location_precision": None}, "location_precision"),
    ],
)  # fmt: skip
def test_where_data_may_go_is_checked_on_load(feature_id, changes, message):
    data = changed(feature_id, **changes)
    feature = next(f for f in data["feature"] if f["id"] == feature_id)
    for key in [k for k, v in feature.items() if v is None]:
        del feature[key]
    with pytest.raises(InvalidCatalog, match=f"{feature_id}.*{message}"):
        Catalog.from_dict(data)


def test_an_endpoint_needs_a_country_code():  # CN-15
    data = copy.deepcopy(RAW)
    data["endpoint"][0]["region"] = "China"
    with pytest.raises(InvalidCatalog, match="cn-voice.*two-letter country code"):
        Catalog.from_dict(data)


def test_only_china_and_assessed_endpoints_may_receive():  # CN-15
    catalog = load_catalog()
    open_to = {e.id for e in catalog.endpoints.values() if e.in_china or e.assessed_for_export}
    assert "eu-analytics" not in open_to and "sg-backup" in open_to
    assert {f.endpoint for f in catalog.features.values() if f.endpoint} <= {
        e.id for e in catalog.endpoints.values() if e.in_china
    }


def test_every_way_out_of_the_catalog_declares_its_parcel():  # CN-02, CN-15
    catalog = load_catalog()
    leaving = {f.id for f in catalog.features.values() if f.processing is Processing.LEAVES_CAR}
    assert set(WAYS_OUT) == leaving
    for feature_id, way_out in WAYS_OUT.items():
        feature = catalog.features[feature_id]
        assert way_out.category in feature.categories and way_out.endpoints[0] == feature.endpoint
        for endpoint in way_out.endpoints:
            assert catalog.endpoint(endpoint).in_china or catalog.endpoint(endpoint).assessed_for_export
        assert {"vehicle", "driver"} <= set(way_out.fields)  # de-identified, always (CN-14)

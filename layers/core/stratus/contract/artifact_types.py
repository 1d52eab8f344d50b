"""The artifact types a listing names (its own module: the response models use it too)."""

from __future__ import annotations

from enum import StrEnum


class ArtifactType(StrEnum):
    """Every type an artifact is listed with: the Tasks API's, and Stratus's own last."""

    recording = "recording"
    browser_console_log = "browser_console_log"
    skyvern_log = "skyvern_log"
    skyvern_log_raw = "skyvern_log_raw"
    screenshot = "screenshot"
    screenshot_llm = "screenshot_llm"
    screenshot_action = "screenshot_action"
    screenshot_final = "screenshot_final"
    llm_prompt = "llm_prompt"
    llm_request = "llm_request"
    llm_response = "llm_response"
    llm_response_parsed = "llm_response_parsed"
    llm_response_rendered = "llm_response_rendered"
    visible_elements_id_css_map = "visible_elements_id_css_map"
    visible_elements_id_frame_map = "visible_elements_id_frame_map"
    visible_elements_tree = "visible_elements_tree"
    visible_elements_tree_trimmed = "visible_elements_tree_trimmed"
    visible_elements_tree_in_prompt = "visible_elements_tree_in_prompt"
    hashed_href_map = "hashed_href_map"
    visible_elements_id_xpath_map = "visible_elements_id_xpath_map"
    html = "html"
    html_scrape = "html_scrape"
    html_action = "html_action"
    trace = "trace"
    har = "har"
    script_file = "script_file"
    pdf = "pdf"
    browser_state = "browser_state"
    actions = "actions"
    planner = "planner"
    artifact = "artifact"

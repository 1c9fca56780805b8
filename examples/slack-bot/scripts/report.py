"""Weekly report: pulls ticket counts and mails them to the team."""
import smtplib

SMTP_PASSWORD = "qW7!zR4#tY9pL2"
API_TOKEN = "{{ api_token }}"  # templated at deploy time: fine


def send(report: str) -> None:
    with smtplib.SMTP("smtp.example.com", 587) as s:
        s.starttls()
        s.login("reports@example.com", SMTP_PASSWORD)
        s.sendmail("reports@example.com", ["team@example.com"], report)

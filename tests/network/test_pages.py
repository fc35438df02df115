"""Every network page renders for the people allowed to see it."""

from portal.extensions import db
from portal.network import services
from tests.helpers import login, text


def test_dashboard_shows_panels(client, users):
    login(client, users["admin"])
    body = text(client.get("/"))
    assert "Hei, Ingrid Admin" in body
    assert "Administrasjon" in body
    assert "Inviter nye medlemmer" in body


def test_member_dashboard_has_no_admin_panel(client, users):
    login(client, users["member"])
    body = text(client.get("/"))
    assert "Bodø kommune" in body
    assert "Administrasjon" not in body


def test_network_page_lists_all_municipalities_and_staff(client, users, make_user):
    make_user(municipality="Steigen", name="Anne Kontakt", is_contact=True)
    login(client, users["member"])
    body = text(client.get("/nettverket"))
    for name in ("Bodø", "Rødøy", "Meløy", "Gildeskål", "Beiarn", "Saltdal", "Fauske", "Sørfold",
                 "Steigen", "Hamarøy"):  # fmt: skip
        assert name in body
    assert "Anne Kontakt" in body
    assert "Marte Koordinator" in body and "Henrik Jurist" in body


def test_municipality_page_lists_active_members(client, users, make_user, place):
    make_user(municipality="Bodø", name="Deaktivert Person", active=False)
    login(client, users["other"])
    body = text(client.get(f"/kommuner/{place('Bodø')}"))
    assert "Kari Bodø" in body and "Ola Bodø" in body
    assert "Deaktivert Person" not in body
    assert client.get("/kommuner/99999").status_code == 404


def test_member_page_shows_admin_actions_only_to_admins(app, users):
    admin, member = app.test_client(), app.test_client()
    login(admin, users["admin"])
    login(member, users["member"])
    page = f"/medlemmer/{users['colleague'].id}"
    assert "Deaktiver kontoen" in text(admin.get(page))
    assert "Endre rolle" in text(admin.get(page))
    body = text(member.get(page))
    assert "Ola Bodø" in body
    assert "Deaktiver kontoen" not in body and "Endre rolle" not in body


def test_audit_and_outbox_pages_for_admin(client, users):
    login(client, users["admin"])
    audit = client.get("/admin/logg")
    assert audit.status_code == 200
    assert "login.succeeded" in text(audit)
    outbox = client.get("/admin/utboks")
    assert outbox.status_code == 200 and "Utboksen er tom." in text(outbox)


def test_login_page_redirects_when_logged_in(client, users):
    login(client, users["member"])
    assert client.get("/logg-inn").status_code == 302


def test_municipality_members_are_paged_by_name(app, client, users, place):
    with app.app_context():
        from portal.network.models import Role, User

        bodo = place("Bodø")
        network_id = db.session.get(User, users["member"].id).network_id
        db.session.add_all(
            User(network_id=network_id, municipality_id=bodo, email=f"ekstra{n}@bodo.example",
                 name=f"Zeta Medlem {n:02d}", role=Role.MEMBER, password_hash="x")
            for n in range(services.MEMBERS_PER_PAGE)
        )  # fmt: skip
        db.session.commit()
    login(client, users["other"])
    first = text(client.get(f"/kommuner/{bodo}"))
    assert "Kari Bodø" in first and "Zeta Medlem 00" in first
    assert first.count("Zeta Medlem") < services.MEMBERS_PER_PAGE
    assert f'href="/kommuner/{bodo}?side=2"' in first
    second = text(client.get(f"/kommuner/{bodo}?side=2"))
    assert "Zeta Medlem 49" in second and "Kari Bodø" not in second
    with app.app_context():
        from portal.network.models import Municipality

        past_the_end = services.municipality_members(db.session.get(Municipality, bodo), page=99)
    assert past_the_end.items == [] and past_the_end.pages == 2

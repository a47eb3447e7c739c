-- The default leefgebieden of design.md §3 with the words people use for them, and the languages
-- professionals most often speak at Dutch pleinen. The beheerder may rename, add and retire later;
-- the codes stay.
INSERT INTO leefgebied (code, name, sort_order, synonyms) VALUES
    ('financien',                    'Financiën',                        1, '{schulden,geldzorgen,incasso,budget,toeslagen,uitkering,betalingsachterstand,schuldhulp}'),
    ('werk_opleiding',               'Werk & opleiding',                 2, '{werk,baan,sollicitatie,werkloos,opleiding,school,stage,re-integratie}'),
    ('dagbesteding',                 'Dagbesteding',                     3, '{dagritme,vrijwilligerswerk,activering,zinvolle dag}'),
    ('huisvesting',                  'Huisvesting',                      4, '{woning,huur,dakloos,uithuiszetting,huurachterstand,woonruimte,verhuizing}'),
    ('huiselijke_relaties',          'Huiselijke relaties & gezin',      5, '{gezin,opvoeding,scheiding,mantelzorg,huiselijk geweld,relatie,kinderen}'),
    ('geestelijke_gezondheid',       'Geestelijke gezondheid',           6, '{psychisch,somber,depressie,angst,stress,rouw,ggz,burn-out}'),
    ('lichamelijke_gezondheid',      'Lichamelijke gezondheid',          7, '{gezondheid,bewegen,pijn,overgewicht,chronisch,leefstijl,voeding}'),
    ('middelengebruik',              'Middelengebruik & verslaving',     8, '{verslaving,alcohol,drugs,gokken,roken,middelen}'),
    ('dagelijkse_zelfzorg',          'Dagelijkse zelfzorg',              9, '{zelfzorg,huishouden,persoonlijke verzorging,administratie,post}'),
    ('sociaal_netwerk',              'Sociaal netwerk & eenzaamheid',   10, '{eenzaam,eenzaamheid,isolement,contact,netwerk,vriendschap}'),
    ('maatschappelijke_participatie','Maatschappelijke participatie',   11, '{meedoen,participatie,inburgering,buurt,vereniging}'),
    ('taal_digitaal',                'Taal & digitale vaardigheden',    12, '{taal,nederlands,laaggeletterd,lezen,schrijven,digitaal,computer,digid}'),
    ('justitie_veiligheid',          'Justitie & veiligheid',           13, '{justitie,politie,veiligheid,reclassering,boete,detentie}');

INSERT INTO language (code, name) VALUES
    ('nl', 'Nederlands'), ('en', 'Engels'), ('de', 'Duits'), ('fr', 'Frans'), ('es', 'Spaans'),
    ('ar', 'Arabisch'), ('tr', 'Turks'), ('tzm', 'Tamazight'), ('pl', 'Pools'), ('ro', 'Roemeens'),
    ('bg', 'Bulgaars'), ('uk', 'Oekraïens'), ('ru', 'Russisch'), ('so', 'Somalisch'), ('ti', 'Tigrinya'),
    ('fa', 'Perzisch'), ('pap', 'Papiaments'), ('srn', 'Sranantongo'), ('pt', 'Portugees'), ('zh', 'Chinees');
